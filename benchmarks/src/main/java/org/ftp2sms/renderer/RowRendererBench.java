package org.ftp2sms.renderer;

import org.ftp2sms.bench.jmh.HotPathSamples;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.rules.sms.SmsLayouts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Clock;
import java.time.ZoneOffset;

/**
 * The renderer's per-row work without Kafka: its own {@link RowRenderer} (in this package because it is
 * package-private) turning a row into a message with the pipeline benchmark's Liquid template (cached compiled
 * template, render, part count); and the part count alone ({@link SmsLayouts}) on a GSM-7 and a UCS-2 text.
 */
@State(Scope.Benchmark)
public class RowRendererBench {
    private static final int ROWS = 1024;
    private static final String GSM_TEXT = "Hello Name42, your code is 1042. Reply STOP to 8080 to opt out; see you on"
            + " Monday at 10:30 at our shop, 12 rue de la Loi, Brussels. Bring your card (or ID) & this SMS!";
    private static final String UCS2_TEXT = "Bonjour Zoë, votre code est 1042 — répondez STOP au 8080. Rendez-vous"
            + " lundi à 10h30, 12 rue de la Loi, Bruxelles ✓";

    private final Row[] rows = new Row[ROWS];
    private RowRenderer renderer;
    private Connector connector;
    private int next;

    @Setup
    public void setUp() {
        for (int i = 0; i < ROWS; i++) {
            rows[i] = HotPathSamples.row("f-bench", i, HotPathSamples.RECEIVED_AT);
        }
        renderer = new RowRenderer(Clock.fixed(HotPathSamples.RECEIVED_AT, ZoneOffset.UTC));
        connector = HotPathSamples.connector();
        if (!(renderer.render(rows[0], connector) instanceof Rendering.ToSend)) {
            throw new IllegalStateException("the sample row should render");
        }
    }

    /** One row to its {@code Message}: template look-up, Liquid render, strip, encoding and part count. */
    @Benchmark
    public Object renderRow() {
        next = (next + 1) & (ROWS - 1);
        return renderer.render(rows[next], connector);
    }

    /** Encoding and parts of a 2-part GSM-7 text. */
    @Benchmark
    public Object partCountGsm7() {
        return SmsLayouts.of(GSM_TEXT);
    }

    /** Encoding and parts of a 2-part UCS-2 text. */
    @Benchmark
    public Object partCountUcs2() {
        return SmsLayouts.of(UCS2_TEXT);
    }
}
