package org.ftp2sms.service;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's logback.xml read with FTP2SMS_LOG_FORMAT / FTP2SMS_LOG_LEVEL (system properties stand in for the environment). */
class LogFormatTest {
    private final PrintStream console = System.out;

    @AfterEach
    void restore() throws JoranException {
        System.setOut(console);
        System.clearProperty("FTP2SMS_LOG_FORMAT");
        System.clearProperty("FTP2SMS_LOG_LEVEL");
        configure();
    }

    @Test
    void jsonFormatWritesOneObjectPerLineWithLevelLoggerAndMessage() throws Exception {
        System.setProperty("FTP2SMS_LOG_FORMAT", "json");
        List<String> lines = logged(() -> LoggerFactory.getLogger("org.ftp2sms.test").info("file {} accepted", "f-1"));

        assertThat(lines).hasSize(1);
        JsonNode event = new ObjectMapper().readTree(lines.get(0));
        assertThat(event.get("level").asText()).isEqualTo("INFO");
        assertThat(event.get("loggerName").asText()).isEqualTo("org.ftp2sms.test");
        assertThat(event.get("formattedMessage").asText()).isEqualTo("file f-1 accepted");
        assertThat(event.get("timestamp").asLong()).isPositive();
    }

    @Test
    void textFormatIsTheDefaultWithAnIsoDateAndTheLevelComesFromTheSetting() throws Exception {
        System.setProperty("FTP2SMS_LOG_LEVEL", "WARN");
        List<String> lines = logged(() -> {
            LoggerFactory.getLogger("org.ftp2sms.test").info("hidden");
            LoggerFactory.getLogger("org.ftp2sms.test").warn("shown");
        });

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z WARN .* - shown");
    }

    @Test
    void neitherFormatLeavesAWarningThatMakesLogbackPrintItsStatus() throws Exception {
        // A warning or an error in the status makes logback print its whole start-up status before the first line.
        for (String format : List.of("text", "json")) {
            System.setProperty("FTP2SMS_LOG_FORMAT", format);
            configure();
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            assertThat(new StatusUtil(context).getHighestLevel(0)).as(format).isLessThan(Status.WARN);
        }
    }

    private List<String> logged(Runnable logging) throws JoranException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        configure();
        logging.run();
        System.setOut(console);
        return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n")).filter(l -> !l.isBlank()).toList();
    }

    private static void configure() throws JoranException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
    }
}
