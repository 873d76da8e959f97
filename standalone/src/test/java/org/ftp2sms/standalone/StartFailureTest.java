package org.ftp2sms.standalone;

import org.ftp2sms.service.SettingsException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed start ends with one line for the operator and the exit code of its kind, never a stack trace. */
class StartFailureTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final StartFailure failure = new StartFailure(new PrintStream(out, true, StandardCharsets.UTF_8));

    @Test
    void aSettingIsExitTwoWithItsMessage() {
        int code = failure.handleExecutionException(
                new SettingsException("FTP2SMS_ADMIN_TOKEN must have at least 32 characters"), null, null);

        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("ftp2sms: FTP2SMS_ADMIN_TOKEN must have at least 32 characters" + System.lineSeparator());
    }

    @Test
    void anythingElseIsExitOneWithOneLineNamingTheCause() {
        int code = failure.handleExecutionException(
                new UncheckedIOException("cannot listen on port 8080", new BindException("Address already in use")),
                null,
                null);

        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("ftp2sms: standalone could not start: cannot listen on port 8080" + System.lineSeparator());
    }
}
