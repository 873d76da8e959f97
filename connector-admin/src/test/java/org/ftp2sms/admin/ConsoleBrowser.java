package org.ftp2sms.admin;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Headless Debian Chromium driven by its chromedriver (no driver download), at 1280×800; each {@link #screenshot}
 * is kept under {@code target/console-screenshots/}.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    final ChromeDriver driver;
    private final String baseUrl;

    ConsoleBrowser(int port) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        baseUrl = "http://localhost:" + port;
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    <T> T await(Duration timeout, ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, timeout).pollingEvery(Duration.ofMillis(100)).until(condition);
    }

    <T> T await(ExpectedCondition<T> condition) {
        return await(Duration.ofSeconds(15), condition);
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves the whole page (the window made as tall as the page, then put back) as {@code target/console-screenshots/<name>.png}. */
    void screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        long page = ((Number) driver.executeScript(
                "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")).longValue();
        long viewport = ((Number) driver.executeScript("return window.innerHeight")).longValue();
        try {
            if (page > viewport) {
                size(window.width, (int) Math.min(window.height + page - viewport, 3000));
            }
            driver.executeScript("window.scrollTo(0, 0)");
            Files.createDirectories(SCREENSHOTS);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            size(window.width, window.height);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
