package org.ftp2sms.dispatcher;

import org.ftp2sms.service.Env;
import org.ftp2sms.service.SettingsException;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How replies are matched and which ones change the suppression list.
 *
 * @param optOut      {@code FTP2SMS_OPT_OUT_KEYWORDS}: a reply that is one of them (trimmed, case-folded) adds
 *                    the phone to the suppression list
 * @param optIn       {@code FTP2SMS_OPT_IN_KEYWORDS}, default {@code START}; empty turns opt-in by reply off: then
 *                    only an operator removes a number
 * @param scope       {@code FTP2SMS_SUPPRESSION_SCOPE}: {@code connector} (the list of the connector whose message
 *                    the reply answered) or {@code installation} (every connector's)
 * @param matchWindow {@code FTP2SMS_REPLY_MATCH_WINDOW}, default 7 days: how old the outgoing message a reply
 *                    answers may be
 */
public record ReplyRules(Set<String> optOut, Set<String> optIn, SuppressionScope scope, Duration matchWindow) {

    public static final List<String> DEFAULT_OPT_OUT = List.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
            "ARRET", "STOPP", "ALTO", "PARAR");
    public static final String DEFAULT_OPT_IN = "START";
    public static final Duration DEFAULT_MATCH_WINDOW = Duration.ofDays(7);

    /** Where a number an opt-out reply puts on the list applies. */
    public enum SuppressionScope {
        CONNECTOR,
        INSTALLATION
    }

    /** What a reply's text asks of the suppression list. */
    enum Keyword {
        OPT_OUT,
        OPT_IN
    }

    public ReplyRules {
        optOut = Set.copyOf(folded(optOut));
        optIn = Set.copyOf(folded(optIn));
        if (optOut.stream().anyMatch(optIn::contains)) {
            throw new SettingsException("FTP2SMS_OPT_OUT_KEYWORDS and FTP2SMS_OPT_IN_KEYWORDS share a keyword: "
                    + optOut.stream().filter(optIn::contains).sorted().toList());
        }
        if (scope == null) {
            throw new SettingsException("FTP2SMS_SUPPRESSION_SCOPE: connector or installation expected");
        }
        if (matchWindow == null || matchWindow.isNegative() || matchWindow.isZero()) {
            throw new SettingsException("FTP2SMS_REPLY_MATCH_WINDOW must be a positive duration, got " + matchWindow);
        }
    }

    public static ReplyRules defaults() {
        return new ReplyRules(Set.copyOf(DEFAULT_OPT_OUT), Set.of(DEFAULT_OPT_IN), SuppressionScope.CONNECTOR,
                DEFAULT_MATCH_WINDOW);
    }

    public static ReplyRules fromEnv(Env env) {
        String scope = env.string("FTP2SMS_SUPPRESSION_SCOPE", "connector").trim().toUpperCase(Locale.ROOT);
        if (!scope.equals("CONNECTOR") && !scope.equals("INSTALLATION")) {
            throw new SettingsException("FTP2SMS_SUPPRESSION_SCOPE: connector or installation expected, got '"
                    + env.string("FTP2SMS_SUPPRESSION_SCOPE", "") + "'");
        }
        return new ReplyRules(list(env.string("FTP2SMS_OPT_OUT_KEYWORDS", String.join(",", DEFAULT_OPT_OUT))),
                list(env.string("FTP2SMS_OPT_IN_KEYWORDS", DEFAULT_OPT_IN)), SuppressionScope.valueOf(scope),
                env.duration("FTP2SMS_REPLY_MATCH_WINDOW", DEFAULT_MATCH_WINDOW));
    }

    public ReplyRules withScope(SuppressionScope newScope) {
        return new ReplyRules(optOut, optIn, newScope, matchWindow);
    }

    /** The keyword a reply's whole text is, if any: "Stop " is, "stop sending" is not. */
    Optional<Keyword> keywordOf(String text) {
        String folded = fold(text == null ? "" : text);
        if (optOut.contains(folded)) {
            return Optional.of(Keyword.OPT_OUT);
        }
        return optIn.contains(folded) ? Optional.of(Keyword.OPT_IN) : Optional.empty();
    }

    private static Set<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(k -> !k.isEmpty()).collect(Collectors.toSet());
    }

    private static Set<String> folded(Set<String> keywords) {
        return keywords == null ? Set.of() : keywords.stream().map(ReplyRules::fold).collect(Collectors.toSet());
    }

    private static String fold(String text) {
        return text.strip().toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }
}
