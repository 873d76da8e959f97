package org.ftp2sms.admin;

import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.OpenSshSftp;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in headless Chromium against the whole pipeline: sign in (a wrong token first), walk the wizard
 * with a sample file, read the credentials, upload with OpenSSH {@code sftp} using them, watch the file's progress
 * reach every row delivered, edit the template and see the preview change, rotate and delete with confirmation,
 * sign out. A screenshot of each step goes to {@code target/console-screenshots/}.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ConsoleEndToEndTest {
    private static final Duration PIPELINE = Duration.ofSeconds(120);
    private static final String SAMPLE = "first_name;phone;code\nAnn;0476100001;A1\nBob;0476100002;B2\nCarl;12;C3\n";
    private static final String BAD_SAMPLE = "phone;first name;code\n0476100001;Ann;A1\n";
    private static final String UPLOAD = "first_name;phone;code\n"
            + "Ann;0476200001;A1\nBob;0476200002;B2\nCarl;0476200003;C3\nDora;0476200004;D4\nEve;0476200005;E5\n";

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private WholePipeline pipeline;
    private ConsoleBrowser browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void anOperatorCreatesAConnectorUploadsAFileAndWatchesItGoOut(TestKafka kafka) throws Exception {
        pipeline = new WholePipeline(kafka, dataDir, "console-e2e").start();
        browser = new ConsoleBrowser(pipeline.admin().httpPort());

        // sign in: a wrong token is refused next to the field; the right one (typed, then Enter) opens the console
        browser.open("/");
        browser.await(ExpectedConditions.urlContains("/signin"));
        browser.screenshot("01-sign-in");
        browser.byId("token").sendKeys("not-the-admin-token-at-all");
        browser.byId("signin").click();
        WebElement tokenError = browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("token-error")));
        assertThat(tokenError.getText()).contains("not the admin token");
        assertThat(browser.byId("token").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.byId("token").getAttribute("aria-describedby")).contains("token-error");
        browser.screenshot("02-wrong-token");
        browser.byId("token").sendKeys(WholePipeline.TOKEN, Keys.ENTER);
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("new-connector")));
        browser.screenshot("03-connectors");

        // wizard, step 1: a sample with a column name the file rules refuse, then a good one
        browser.byId("new-connector").click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("sample-file")));
        browser.byId("sample-file").sendKeys(Files.writeString(work.resolve("bad.csv"), BAD_SAMPLE).toString());
        WebElement invalid = browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("invalid-columns")));
        assertThat(invalid.getText()).contains("first name");
        browser.byId("sample-file").sendKeys(Files.writeString(work.resolve("customers.csv"), SAMPLE).toString());
        browser.await(ExpectedConditions.textToBe(By.id("detected-columns"), "first_name, phone, code"));
        assertThat(browser.driver.findElements(By.id("invalid-columns"))).isEmpty();
        assertThat(browser.byId("detected-delimiter").getText()).isEqualTo(";");
        assertThat(browser.byId("detected-encoding").getText()).isEqualTo("UTF-8");
        Select phone = new Select(browser.byId("phone-column"));
        assertThat(phone.getFirstSelectedOption().getText()).isEqualTo("phone");      // detected, pre-selected
        phone.selectByVisibleText("code");                                             // and changeable
        assertThat(phone.getFirstSelectedOption().getText()).isEqualTo("code");
        phone.selectByVisibleText("phone");
        assertThat(browser.byId("name").getAttribute("value")).as("named after the first sample").isEqualTo("bad");
        browser.byId("name").clear();
        browser.byId("name").sendKeys("console-promo"); // a name no other test of this broker uses
        browser.screenshot("04-wizard-sample");

        // step 2: compose with the columns as variables; the preview shows the first messages and the refused row
        browser.byId("next").sendKeys(Keys.ENTER);
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("template")));
        browser.byId("sender").sendKeys("ACME");
        browser.byId("template").sendKeys("Hello ");
        variable("first_name").click();
        browser.byId("template").sendKeys(", your code is ");
        variable("code").click();
        assertThat(browser.byId("template").getAttribute("value")).isEqualTo("Hello {{ first_name }}, your code is {{ code }}");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("preview-messages"), "Hello Ann, your code is A1"));
        List<String> first = cells("preview-messages", 0);
        assertThat(first).containsExactly("1", "32476100001", "Hello Ann, your code is A1", "GSM7", "1 (26 chars)");
        assertThat(browser.byId("preview-refused").getText()).contains("821-invalid-phone");
        assertThat(browser.byId("preview-summary").getText()).isEqualTo("3 rows: 2 messages, 1 refused.");
        browser.screenshot("05-wizard-message");

        // step 3: options, with a time zone the API refuses: the error shows next to its field
        browser.byId("next").click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("max-parts")));
        browser.byId("max-parts").clear();
        browser.byId("max-parts").sendKeys("2");
        browser.byId("dedupe-days").clear();
        browser.byId("dedupe-days").sendKeys("7");
        browser.byId("timezone").sendKeys("Mars/Olympus_Mons");
        browser.byId("add-window").click();
        assertThat(browser.byId("window-0-from").getAttribute("value")).isEqualTo("09:00");
        browser.byId("closed-date").sendKeys("12312099");
        browser.byId("add-closed-date").click();
        assertThat(browser.byId("closed-dates").getText()).contains("2099-12-31");
        browser.screenshot("06-wizard-options");
        // the window would hold the test's messages outside office hours: remove it again
        browser.driver.findElement(By.xpath("//button[text()='Remove window 1']")).click();

        // step 4: protocol and login, then create
        browser.byId("next").click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("create")));
        assertThat(browser.driver.findElement(By.cssSelector("input[name=protocol][value=SFTP]")).isSelected()).isTrue();
        assertThat(browser.driver.findElement(By.cssSelector("input[name=auth][value=PASSWORD]")).isSelected()).isTrue();
        browser.driver.findElement(By.cssSelector("input[name=auth][value=PUBLIC_KEY]")).click();
        assertThat(browser.byId("public-keys").isDisplayed()).isTrue();
        browser.screenshot("07-wizard-login");
        browser.driver.findElement(By.cssSelector("input[name=auth][value=PASSWORD]")).click();
        browser.byId("create").click();
        WebElement zoneError = browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("timezone-error")));
        assertThat(zoneError.getText()).contains("Mars/Olympus_Mons");
        assertThat(browser.byId("timezone").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.byId("step-2").isDisplayed()).as("the wizard goes back to the step of the field").isTrue();
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("timezone");
        browser.screenshot("08-field-error");
        browser.byId("timezone").clear();
        browser.byId("timezone").sendKeys("Europe/Brussels");
        browser.byId("next").click();
        browser.byId("create").click();

        // step 5: the credentials, once
        String password = browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("cred-password"))).getText();
        String host = browser.byId("cred-host").getText();
        int port = Integer.parseInt(browser.byId("cred-port").getText());
        String user = browser.byId("cred-user").getText().replace("Copy", "").trim();
        assertThat(browser.byId("cred-command").getText()).isEqualTo("sftp -P " + port + " " + user + "@" + host);
        browser.screenshot("09-credentials");

        OpenSshSftp customer = OpenSshSftp.withPassword(host, port, user, password);
        OpenSshSftp.Result put = customer.run("put " + Files.writeString(work.resolve("april.csv"), UPLOAD));
        assertThat(put.ok()).as(put.output()).isTrue();

        // the connector's files: state, counts, a live progress bar until every row is delivered
        browser.byId("open-connector").click();
        browser.await(PIPELINE, ExpectedConditions.presenceOfElementLocated(By.cssSelector("#files-table tr[data-file]")));
        browser.screenshot("10-connector-files");
        browser.driver.findElement(By.cssSelector("#files-table tr[data-file] a")).click();
        browser.await(PIPELINE, ExpectedConditions.textToBe(By.id("file-delivered"), "5"));
        assertThat(browser.byId("file-rows").getText()).isEqualTo("5");
        assertThat(browser.byId("file-pending").getText()).isEqualTo("0");
        assertThat(browser.byId("file-state").getText()).startsWith("done");
        assertThat(browser.byId("file-progress").getAttribute("value")).isEqualTo("5");
        browser.screenshot("11-file-progress");
        browser.driver.findElement(By.linkText("← Connector")).click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#files-table td.state"), "done"));
        assertThat(browser.driver.findElement(By.cssSelector("#files-table td.delivered")).getText()).isEqualTo("5");

        // a file with a refused row: the file's page gives the reasons
        assertThat(customer.run("put " + Files.writeString(work.resolve("may.csv"), "first_name;phone;code\nFay;12;F6\nGus;0476200007;G7\n")).ok()).isTrue();
        browser.await(PIPELINE, ExpectedConditions.numberOfElementsToBe(By.cssSelector("#files-table tr[data-file]"), 2));
        browser.driver.findElement(By.linkText("may.csv")).click();
        browser.await(PIPELINE, ExpectedConditions.textToBe(By.id("file-pending"), "0"));
        browser.await(ExpectedConditions.textToBe(By.id("file-delivered"), "1"));
        assertThat(cells("refused-by-reason", 0)).containsExactly("821-invalid-phone", "1");
        browser.screenshot("12-file-refused-rows");
        browser.driver.findElement(By.linkText("← Connector")).click();
        browser.await(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#files-table tr[data-file]"), 2));

        // the connector's export files (as the status-aggregator leaves them), to download
        String connectorId = browser.driver.getCurrentUrl().replaceAll(".*#/connectors/", "");
        String export = "templateId,fileIngestionId,messageId,phone,sentAt,deliveredAt,statusCode,statusReason\n";
        Files.writeString(Files.createDirectories(dataDir.resolve("homes").resolve(connectorId).resolve("exports"))
                .resolve("status_2026-11-29.csv"), export);
        browser.driver.navigate().refresh();
        WebElement download = browser.await(ExpectedConditions.visibilityOfElementLocated(By.linkText("status_2026-11-29.csv")));
        assertThat(download.getAttribute("download")).isEqualTo("status_2026-11-29.csv");
        Object downloaded = browser.driver.executeAsyncScript(
                "fetch(arguments[0]).then(r => r.text()).then(arguments[1])", download.getAttribute("href"));
        assertThat(downloaded).isEqualTo(export);
        browser.screenshot("13-connector-files-done");

        // edit: same steps; a new template changes the preview
        browser.byId("edit").click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("sample-file")));
        browser.byId("sample-file").sendKeys(work.resolve("customers.csv").toString());
        browser.await(ExpectedConditions.textToBe(By.id("detected-columns"), "first_name, phone, code"));
        browser.byId("next").click();
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("preview-messages"), "Hello Ann, your code is A1"));
        browser.byId("template").clear();
        browser.byId("template").sendKeys("Bye {{ first_name | upcase }}");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("preview-messages"), "Bye ANN"));
        assertThat(cells("preview-messages", 1).get(2)).isEqualTo("Bye BOB");
        browser.screenshot("14-edit-preview");
        browser.byId("next").click();
        browser.byId("next").click();
        browser.byId("create").click();
        browser.await(ExpectedConditions.textToBe(By.id("connector-template"), "Bye {{ first_name | upcase }}"));

        // rotate and delete, each confirmed first; at a narrow width
        browser.size(420, 800);
        browser.byId("rotate").click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok"))).click();
        String rotated = browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("rotated-password"))).getText();
        assertThat(rotated).hasSizeGreaterThanOrEqualTo(24).isNotEqualTo(password);
        browser.screenshot("15-rotated-narrow");
        browser.byId("delete").click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-cancel")));
        browser.screenshot("16-delete-confirmation");
        browser.byId("confirm-cancel").sendKeys(Keys.ESCAPE);
        assertThat(browser.byId("connector-template").isDisplayed()).as("Escape cancels").isTrue();
        browser.byId("delete").click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok"))).click();
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("new-connector")));
        assertThat(browser.driver.findElements(By.linkText("console-promo"))).isEmpty();
        assertThat(customer.run("ls").ok()).as("the deleted connector's login").isFalse();

        // sign out: the console is closed again
        browser.size(1280, 800);
        browser.byId("signout").click();
        browser.await(ExpectedConditions.urlContains("/signin"));
        browser.open("/");
        browser.await(ExpectedConditions.urlContains("/signin"));
    }

    private WebElement variable(String column) {
        return browser.driver.findElement(By.xpath("//div[@id='variables']/button[text()='{{ " + column + " }}']"));
    }

    private List<String> cells(String tableId, int row) {
        return browser.driver.findElements(By.cssSelector("#" + tableId + " tbody tr")).get(row)
                .findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }
}
