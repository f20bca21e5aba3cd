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

import org.eclipse.microprofile.config.ConfigProvider;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
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

    /**
     * A new browser with a profile of its own, 1400 × 1000, that trusts the test tenant's certificate (the sign-in
     * pages are the emulator's, over HTTPS) and no other that its own store does not.
     */
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
        ConfigProvider.getConfig().getOptionalValue(EntraTokens.CERTIFICATE, String.class)
                .ifPresent(pem -> options.addArguments("--ignore-certificate-errors-spki-list=" + spkiHash(Path.of(pem))));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Base64 of the SHA-256 of the certificate's public key: how Chromium is told to trust one certificate. */
    private static String spkiHash(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException("Could not read " + pem, e);
        }
    }

    /** Opens the dashboard, signs in by pasting the client's token, and waits until the list stream is live. */
    public static void signIn(WebDriver browser, String dashboard, TestClient client) {
        browser.get(dashboard);
        openTokenBox(browser);
        browser.findElement(By.id("token")).sendKeys(EntraTokens.token(client));
        browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("connection")).getText().equals("Live"));
        assertThat(browser.findElement(By.id("sign-out")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("signed-out")).isDisplayed()).as("the sign-in choices, once signed in").isFalse();
    }

    /** Opens the signed-out dashboard's "Use an access token" box, and waits until its input shows. */
    public static void openTokenBox(WebDriver browser) {
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("signed-out")).isDisplayed());
        if (!browser.findElement(By.id("token")).isDisplayed()) {
            browser.findElement(By.cssSelector("#paste-token summary")).click();
        }
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("token")).isDisplayed());
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
