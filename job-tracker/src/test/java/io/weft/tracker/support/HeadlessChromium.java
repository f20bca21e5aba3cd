package io.weft.tracker.support;

import io.weft.testsupport.entra.EntraTokens;
import io.weft.testsupport.entra.TestClient;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

/** The dashboard's browser in the tests: Debian's {@code chromium} and {@code chromium-driver}, headless. */
public final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private HeadlessChromium() {
    }

    /** A new browser with a profile of its own, 1400 × 1000. */
    public static WebDriver start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install -y chromium chromium-driver (.ci/run installs them)");
        }
        Path profile = Files.createTempDirectory("weft-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Opens the dashboard, signs in by pasting the client's token, and waits until the list stream is live. */
    public static void signIn(WebDriver browser, String dashboard, TestClient client) {
        browser.get(dashboard);
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("sign-in")).isDisplayed());
        browser.findElement(By.id("token")).sendKeys(EntraTokens.token(client));
        browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("connection")).getText().equals("Live"));
        assertThat(browser.findElement(By.id("sign-out")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("sign-in")).isDisplayed()).as("the sign-in box, once signed in").isFalse();
    }

    /** Saves what the page shows as {@code target/screenshots/<name>.png}. */
    public static void screenshot(WebDriver browser, String name) {
        try {
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Path target = Path.of("target", "screenshots", name + ".png");
            Files.createDirectories(target.getParent());
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            System.err.println("Screenshot of the page: " + target.toAbsolutePath());
        } catch (Exception e) {
            System.err.println("Could not take a screenshot: " + e);
        }
    }
}
