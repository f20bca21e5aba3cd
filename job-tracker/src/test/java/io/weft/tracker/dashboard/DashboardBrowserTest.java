package io.weft.tracker.dashboard;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.contracts.event.JobError;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepFailed;
import io.weft.contracts.event.StepProgressed;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.postgres.PostgresResource;
import io.weft.tracker.support.Messages;
import io.weft.tracker.support.TrackerKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): as a
 * worker's events are published to Kafka, the job's row appears, its progress bar moves forward and it ends
 * in its outcome; the job view shows its steps and the Fabric error of a failed step.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long ATTEMPT = 1_763_769_600_000L;

    @TestHTTPResource("/")
    URL dashboard;

    private WebDriver browser;
    private Path profile;
    private TrackerKafka kafka;

    @BeforeEach
    void startBrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install -y chromium chromium-driver (.ci/run installs them)");
        }
        profile = Files.createTempDirectory("weft-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        kafka = new TrackerKafka();
    }

    @AfterEach
    void stopBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void progressMovesLiveAndTheJobEndsInItsOutcome(TestInfo test) throws Exception {
        String workspace = "ws-browser-" + UUID.randomUUID();
        String jobId = UUID.randomUUID().toString();
        try {
            browser.get(dashboard.toString());
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("connection")).getText().equals("Live"));

            kafka.publish(Messages.provision(jobId, workspace, Instant.now()));
            await().atMost(WAIT).ignoreExceptions().until(() -> cellText(jobId, "lifecycle").equals("QUEUED"));
            assertThat(progress(jobId)).isZero();

            List<Integer> seen = new ArrayList<>();
            Instant t = Instant.now();
            kafka.publish(new JobStarted(jobId, ATTEMPT, 1, t, "graph-scenario", workspace, List.of("upload-files", "load-tables")));
            kafka.publish(new StepStarted(jobId, ATTEMPT, 2, t, "upload-files"));
            kafka.publish(new StepProgressed(jobId, ATTEMPT, 3, t, "upload-files", 1, 2, "files", null, "a.csv"));
            await().atMost(WAIT).ignoreExceptions().until(() -> progress(jobId) == 25);
            assertThat(cellText(jobId, "lifecycle")).isEqualTo("RUNNING");
            seen.add(progress(jobId));
            kafka.publish(new StepSucceeded(jobId, ATTEMPT, 4, t, "upload-files", Map.of()));
            kafka.publish(new StepStarted(jobId, ATTEMPT, 5, t, "load-tables"));
            kafka.publish(new StepFailed(jobId, ATTEMPT, 6, t, "load-tables",
                    new JobError("RequestBlocked", "throttled, retrying", "req-browser-1", null, true)));
            kafka.publish(new StepStarted(jobId, ATTEMPT, 7, t, "load-tables"));
            kafka.publish(new StepProgressed(jobId, ATTEMPT, 8, t, "load-tables", 1, 2, "tables", 50, "orders"));
            await().atMost(WAIT).ignoreExceptions().until(() -> progress(jobId) == 75);
            seen.add(progress(jobId));

            // The job view: steps in order, the step's Fabric error with its request id.
            browser.findElement(By.cssSelector("tr[data-job-id='" + jobId + "'] a.job-link")).click();
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElements(By.cssSelector("#jv-steps li[data-step]")).size() == 2);
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("jv-steps")).getText().contains("req-browser-1"));
            assertThat(browser.findElement(By.id("jv-cancel")).isEnabled()).isTrue();

            kafka.publish(new StepSucceeded(jobId, ATTEMPT, 9, t, "load-tables", Map.of()));
            kafka.publish(new JobSucceeded(jobId, ATTEMPT, 10, t, Map.of("lakehouseId", "lh-1")));
            await().atMost(WAIT).ignoreExceptions().until(() -> cellText(jobId, "outcome").equals("SUCCEEDED"));
            seen.add(progress(jobId));
            assertThat(cellText(jobId, "lifecycle")).isEqualTo("COMPLETED");
            assertThat(seen).containsExactly(25, 75, 100);
            await().atMost(WAIT).ignoreExceptions().until(() -> !browser.findElement(By.id("jv-cancel")).isEnabled());
            assertThat(browser.findElement(By.id("jv-outcome")).getText()).isEqualTo("SUCCEEDED");
        } catch (AssertionError | RuntimeException e) {
            screenshot(test);
            throw e;
        }
    }

    // Read in one script call: rows are re-rendered on every change, so element handles go stale.
    private String cellText(String jobId, String column) {
        Object text = ((JavascriptExecutor) browser).executeScript(
                "const cell = document.querySelector(\"tr[data-job-id='\" + arguments[0] + \"'] td.\" + arguments[1]);"
                        + "return cell ? cell.textContent.trim() : '';", jobId, column);
        return String.valueOf(text);
    }

    private int progress(String jobId) {
        Object value = ((JavascriptExecutor) browser).executeScript(
                "const bar = document.querySelector(\"tr[data-job-id='\" + arguments[0] + \"'] td.progress [role=progressbar]\");"
                        + "return bar ? bar.getAttribute('aria-valuenow') : '-1';", jobId);
        return Integer.parseInt(String.valueOf(value));
    }

    private void screenshot(TestInfo test) {
        try {
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Path target = Path.of("target", "screenshots", test.getTestMethod().map(m -> m.getName()).orElse("browser") + ".png");
            Files.createDirectories(target.getParent());
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            System.err.println("Screenshot of the failing page: " + target.toAbsolutePath());
        } catch (Exception e) {
            System.err.println("Could not take a screenshot: " + e);
        }
    }
}
