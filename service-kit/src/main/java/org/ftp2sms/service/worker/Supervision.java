package org.ftp2sms.service.worker;

import java.time.Clock;

/**
 * The failure policy shared by every worker ({@link Supervisor}).
 *
 * @param backoff                between a failure and the restart
 * @param pause                  how the backoff is waited out ({@link Pause#REAL}; tests pass one that does not sleep)
 * @param clock                  tells how long a worker ran healthy (the backoff resets after {@link Backoff#resetAfter()})
 * @param attemptsBeforeRefusing N: a record the handler threw on N times in a row is no longer handed to the handler
 *                               but refused (the stage's visible refusal: a dead letter, a rejected report, a status)
 * @param hook                   fault injection for tests ({@link RecordHook#NONE} in production)
 */
public record Supervision(Backoff backoff, Pause pause, Clock clock, int attemptsBeforeRefusing, RecordHook hook) {
    /** N: three attempts, i.e. two restarts, rule out a glitch without letting a poison record wedge the stage. */
    public static final int ATTEMPTS_BEFORE_REFUSING = 3;

    public static final Supervision DEFAULT =
            new Supervision(Backoff.DEFAULT, Pause.REAL, Clock.systemUTC(), ATTEMPTS_BEFORE_REFUSING, RecordHook.NONE);

    public Supervision {
        if (attemptsBeforeRefusing < 1) {
            throw new IllegalArgumentException("attemptsBeforeRefusing must be at least 1: " + attemptsBeforeRefusing);
        }
    }

    public Supervision withHook(RecordHook hook) {
        return new Supervision(backoff, pause, clock, attemptsBeforeRefusing, hook);
    }

    public Supervision withPause(Pause pause) {
        return new Supervision(backoff, pause, clock, attemptsBeforeRefusing, hook);
    }
}
