package org.ftp2sms.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wizard's other logins (pasted SSH keys; FTPS), its sending options (priority, rate, repeated-file window),
 * its labels and focus, and its layout at 1280×800 and on a narrow window, in headless Chromium against the admin
 * alone.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleWizardTest {
    private static final String SAMPLE = "phone,first_name\n0476100001,Ann\n0476100002,Bob\n";

    @TempDir
    Path work;
    private ConnectorAdminStage stage;
    private ConsoleBrowser browser;

    @BeforeAll
    void start(TestKafka kafka) {
        stage = new ConnectorAdminStage(new AdminSettings(kafka.settings(), 0, AdminApiTest.TOKEN, "sftp.example.test", 2222, 2121,
                TestStorage.isolated()), new SimpleMeterRegistry());
        stage.start();
        browser = new ConsoleBrowser(stage.httpPort());
        browser.open("/signin");
        browser.byId("token").sendKeys(AdminApiTest.TOKEN, Keys.ENTER);
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("new-connector")));
    }

    @AfterAll
    void stop() {
        browser.close();
        stage.close();
    }

    @Test
    void aKeyLoginConnectorFromPastedKeysHasNoPasswordAndAnIdentityInItsCommand() throws Exception {
        String key = SshKeys.publicLine(SshKeys.generate(work, "id_ed25519", "ed25519", 0));
        walkToLogin("keys-promo");
        browser.driver.findElement(By.cssSelector("input[name=auth][value=PUBLIC_KEY]")).sendKeys(Keys.SPACE);
        browser.byId("public-keys").sendKeys(key);
        browser.byId("create").sendKeys(Keys.ENTER);

        WebElement command = browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("cred-command")));
        assertThat(command.getText()).startsWith("sftp -P 2222 -i ~/.ssh/id_ed25519 keys-promo-").endsWith("@sftp.example.test");
        assertThat(browser.driver.findElements(By.id("cred-password"))).isEmpty();
    }

    @Test
    void anFtpsConnectorGetsAPasswordAndAnFtpsCommand() throws Exception {
        walkToLogin("ftps-promo");
        browser.driver.findElement(By.cssSelector("input[name=protocol][value=FTPS]")).click();
        browser.byId("create").click();

        WebElement command = browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("cred-command")));
        assertThat(command.getText()).startsWith("lftp -u ftps-promo-").endsWith("-p 2121 sftp.example.test");
        assertThat(browser.byId("cred-password").getText()).hasSizeGreaterThanOrEqualTo(24);
        assertThat(browser.byId("cred-port").getText()).isEqualTo("2121");
    }

    @Test
    void everyFieldIsLabelledFocusFollowsTheStepsAndNothingOverflowsOnANarrowWindow() throws Exception {
        newConnector();
        browser.byId("sample-file").sendKeys(Files.writeString(work.resolve("labels.csv"), SAMPLE).toString());
        browser.await(ExpectedConditions.textToBe(By.id("detected-columns"), "phone, first_name"));
        browser.driver.executeScript("arguments[0].click()", browser.byId("add-window")); // on a later step, hidden

        List<WebElement> controls = browser.driver.findElements(By.cssSelector("main input, main select, main textarea"));
        assertThat(controls).hasSizeGreaterThan(15);
        for (WebElement control : controls) {
            String id = control.getAttribute("id");
            boolean labelled = (id != null && !id.isEmpty() && !browser.driver.findElements(By.cssSelector("label[for='" + id + "']")).isEmpty())
                    || control.getAttribute("aria-label") != null
                    || !control.findElements(By.xpath("ancestor::label")).isEmpty();
            assertThat(labelled).as("a label for " + control.getAttribute("outerHTML")).isTrue();
        }

        browser.byId("next").sendKeys(Keys.ENTER);
        assertThat(browser.driver.switchTo().activeElement().getText()).isEqualTo("2. Message");
        assertThat(overflows()).as("horizontal scroll at 1280×800").isFalse();
        browser.size(400, 800);
        assertThat(overflows()).as("horizontal scroll at 400 px").isFalse();
        browser.screenshot("17-wizard-narrow");
        browser.size(1280, 800);
    }

    @Test
    void aSampleLargerThanTheApiTakesIsCutAfterALineAndAWindowEndingAt24IsKeptWhenEditing() throws Exception {
        AdminHttp api = new AdminHttp(stage.httpPort(), AdminApiTest.TOKEN);
        String id = editConnectorMadeByApi(api, "night", """
                "calendar": { "timezone": "Europe/Brussels", "windows": [ { "days": ["SAT"], "from": "18:00", "to": "24:00" } ] }""");
        StringBuilder big = new StringBuilder("phone,first_name\n");
        for (int row = 0; big.length() < 6 * 1024 * 1024; row++) {
            big.append("0476").append(String.format("%06d", row % 1_000_000)).append(",someone with a long enough name\n");
        }
        browser.byId("sample-file").sendKeys(Files.writeString(work.resolve("big.csv"), big).toString());
        browser.await(ExpectedConditions.textToBe(By.id("detected-columns"), "phone, first_name"));
        long rows = Long.parseLong(browser.byId("detected-rows").getText());
        assertThat(rows).isPositive().isLessThan(big.chars().filter(c -> c == '\n').count() - 1);
        assertThat(browser.driver.findElements(By.id("sample-problem"))).isEmpty();

        browser.byId("next").click();
        browser.byId("next").click();
        assertThat(browser.byId("window-0-to").getAttribute("value")).isEqualTo("24:00");
        browser.byId("next").click();
        browser.byId("create").click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("connector-facts")));
        assertThat(api.expect(200, "GET", "/api/v1/connectors/" + id, null).at("/options/calendar/windows/0/to").asText())
                .isEqualTo("24:00");
    }

    @Test
    void priorityRateAndRepeatedFileWindowAreSetInTheWizardAndAPriorityOutOfRangeIsRefusedAtItsField() throws Exception {
        walkToOptions("paced-promo");
        assertThat(browser.byId("priority").getAttribute("value")).as("the default").isEqualTo("5");
        assertThat(browser.byId("max-rate").getAttribute("value")).as("no limit").isEmpty();
        assertThat(browser.byId("repeated-hours").getAttribute("value")).as("the default, a day").isEqualTo("24");
        type("priority", "11");
        type("max-rate", "50");
        type("repeated-hours", "12");
        type("expire-hours", "4");
        browser.byId("next").sendKeys(Keys.ENTER);
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("create"))).sendKeys(Keys.ENTER);

        WebElement error = browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("priority-error")));
        assertThat(error.getText()).contains("between 1 and 10");
        assertThat(browser.byId("priority").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.byId("step-2").isDisplayed()).as("back on the options step").isTrue();
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("priority");
        assertThat(browser.byId("max-rate-error").isDisplayed()).isFalse();
        assertThat(browser.byId("repeated-hours-error").isDisplayed()).isFalse();
        type("priority", "8");
        browser.byId("next").sendKeys(Keys.ENTER);
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("create"))).sendKeys(Keys.ENTER);

        WebElement open = browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("open-connector")));
        String href = open.getAttribute("href");
        String id = URLDecoder.decode(href.substring(href.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        JsonNode options = new AdminHttp(stage.httpPort(), AdminApiTest.TOKEN).expect(200, "GET", "/api/v1/connectors/" + id, null).get("options");
        assertThat(options.get("priority").asInt()).isEqualTo(8);
        assertThat(options.get("maxMessagesPerSecond").asInt()).isEqualTo(50);
        assertThat(options.get("repeatedFileWindow").asText()).isEqualTo("PT12H");
        assertThat(options.get("expireAfter").asText()).isEqualTo("PT4H");

        open.sendKeys(Keys.ENTER);
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("connector-facts")));
        assertThat(browser.byId("connector-priority").getText()).isEqualTo("8 of 10");
        assertThat(browser.byId("connector-rate").getText()).isEqualTo("at most 50 messages per second");
        assertThat(browser.byId("connector-repeated").getText()).endsWith("within 12 hours");
        assertThat(browser.byId("connector-expiry").getText())
                .isEqualTo("not sent when still waiting 4 hours after its file arrived (805)");
    }

    @Test
    void editingShowsTheConnectorsPriorityRateAndRepeatedFileWindowAndSavesTheirChanges() throws Exception {
        AdminHttp api = new AdminHttp(stage.httpPort(), AdminApiTest.TOKEN);
        String id = editConnectorMadeByApi(api, "paced-edit", """
                "repeatedFileWindow": "PT0S", "priority": 9, "maxMessagesPerSecond": 20, "expireAfter": "PT30M\"""");
        browser.byId("next").click();
        browser.byId("next").click();
        assertThat(browser.byId("priority").getAttribute("value")).isEqualTo("9");
        assertThat(browser.byId("max-rate").getAttribute("value")).isEqualTo("20");
        assertThat(browser.byId("repeated-hours").getAttribute("value")).as("off").isEqualTo("0");
        type("priority", "2");
        browser.byId("max-rate").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        type("repeated-hours", "720");
        browser.byId("next").click();
        browser.byId("create").click();

        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("connector-facts")));
        JsonNode options = api.expect(200, "GET", "/api/v1/connectors/" + id, null).get("options");
        assertThat(options.get("priority").asInt()).isEqualTo(2);
        assertThat(options.path("maxMessagesPerSecond").isNumber()).as("no limit any more").isFalse();
        assertThat(options.get("repeatedFileWindow").asText()).isEqualTo("PT720H");
        assertThat(options.get("expireAfter").asText()).as("kept as it was").isEqualTo("PT30M");
        assertThat(browser.byId("connector-rate").getText()).isEqualTo("none");
    }

    /** Creates a connector through the API with these options besides the usual ones, and opens its edit wizard. */
    private String editConnectorMadeByApi(AdminHttp api, String name, String moreOptions) {
        String id = api.expect(201, "POST", "/api/v1/connectors", """
                { "name": "%s", "sender": "ACME", "mapping": { "phoneColumn": "phone", "defaultCountry": "BE" },
                  "template": "Hi", "options": { "maxParts": 1, "dedupeWithinFile": true, "dedupeAcrossFilesDays": 0, %s },
                  "access": { "protocol": "SFTP", "auth": "PASSWORD" } }
                """.formatted(name, moreOptions)).get("id").asText();
        browser.open("/#/connectors/" + id + "/edit");
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("sample-file")));
        return id;
    }

    /** Replaces a field's value from the keyboard, as a user would (select all, type). */
    private void type(String id, String value) {
        browser.byId(id).sendKeys(Keys.chord(Keys.CONTROL, "a"), value);
    }

    /** From the list, so that the wizard starts afresh even when the last test left one open. */
    private void newConnector() {
        browser.open("/#/connectors");
        browser.await(ExpectedConditions.elementToBeClickable(By.id("new-connector"))).click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("sample-file")));
    }

    private boolean overflows() {
        return (Boolean) browser.driver.executeScript(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth");
    }

    private void walkToLogin(String name) throws Exception {
        walkToOptions(name);
        browser.byId("next").click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("create")));
    }

    private void walkToOptions(String name) throws Exception {
        newConnector();
        browser.byId("sample-file").sendKeys(Files.writeString(work.resolve(name + ".csv"), SAMPLE).toString());
        browser.await(ExpectedConditions.textToBe(By.id("detected-columns"), "phone, first_name"));
        browser.byId("next").click();
        browser.byId("sender").sendKeys("ACME");
        browser.byId("template").sendKeys("Hi {{ first_name }}");
        browser.byId("next").click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("priority")));
    }
}
