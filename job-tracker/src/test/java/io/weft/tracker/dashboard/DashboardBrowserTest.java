package io.weft.tracker.dashboard;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.contracts.event.JobError;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepFailed;
import io.weft.contracts.event.StepProgressed;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.entra.EntraTokens;
import io.weft.testsupport.entra.TestClient;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.postgres.PostgresResource;
import io.weft.tracker.support.HeadlessChromium;
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
import org.openqa.selenium.support.ui.Select;
import org.assertj.core.data.Offset;

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
@QuarkusTestResource(EntraResource.class)
class DashboardBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long ATTEMPT = 1_763_769_600_000L;

    @TestHTTPResource("/")
    URL dashboard;

    private WebDriver browser;
    private TrackerKafka kafka;

    @BeforeEach
    void startBrowser() throws Exception {
        browser = HeadlessChromium.start();
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
            signIn(TestClient.READER);
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("connection")).getText().equals("Live"));

            Instant t = Instant.now();
            kafka.publish(Messages.provision(jobId, workspace, t.minusMillis(1600)));
            await().atMost(WAIT).ignoreExceptions().until(() -> cellText(jobId, "lifecycle").equals("QUEUED"));
            assertThat(progress(jobId)).isZero();
            assertBarWidth(rowBar(jobId), 0);

            List<Integer> seen = new ArrayList<>();
            kafka.publish(new JobStarted(jobId, ATTEMPT, 1, t, "graph-scenario", workspace, List.of("upload-files", "load-tables")));
            kafka.publish(new StepStarted(jobId, ATTEMPT, 2, t, "upload-files"));
            kafka.publish(new StepProgressed(jobId, ATTEMPT, 3, t, "upload-files", 1, 2, "files", null, "a.csv"));
            await().atMost(WAIT).ignoreExceptions().until(() -> progress(jobId) == 25);
            assertBarWidth(rowBar(jobId), 25);
            assertThat(cellText(jobId, "lifecycle")).isEqualTo("RUNNING");
            seen.add(progress(jobId));
            kafka.publish(new StepSucceeded(jobId, ATTEMPT, 4, t, "upload-files", Map.of()));
            kafka.publish(new StepStarted(jobId, ATTEMPT, 5, t, "load-tables"));
            kafka.publish(new StepFailed(jobId, ATTEMPT, 6, t, "load-tables",
                    new JobError("RequestBlocked", "throttled, retrying", "req-browser-1", null, true)));
            kafka.publish(new StepStarted(jobId, ATTEMPT, 7, t, "load-tables"));
            kafka.publish(new StepProgressed(jobId, ATTEMPT, 8, t, "load-tables", 1, 2, "tables", 50, "orders"));
            await().atMost(WAIT).ignoreExceptions().until(() -> progress(jobId) == 75);
            assertBarWidth(rowBar(jobId), 75);
            seen.add(progress(jobId));

            // The job view: steps in order, the step's Fabric error with its request id.
            // The row is redrawn every few seconds (running durations): find and click in one go, again if it was redrawn.
            await().atMost(WAIT).ignoreExceptions().until(() -> {
                browser.findElement(By.cssSelector("tr[data-job-id='" + jobId + "'] a.job-link")).click();
                return true;
            });
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElements(By.cssSelector("#jv-steps li[data-step]")).size() == 2);
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("jv-steps")).getText().contains("req-browser-1"));
            assertThat(browser.findElement(By.id("jv-cancel")).isEnabled()).isTrue();
            assertBarWidth("#jv-progress [role=progressbar]", 75);
            assertBarWidth("#jv-steps li[data-step='load-tables'] [role=progressbar]", 50);

            kafka.publish(new StepSucceeded(jobId, ATTEMPT, 9, t, "load-tables", Map.of()));
            kafka.publish(new JobSucceeded(jobId, ATTEMPT, 10, t.plusMillis(400), Map.of("lakehouseId", "lh-1")));
            await().atMost(WAIT).ignoreExceptions().until(() -> cellText(jobId, "outcome").equals("SUCCEEDED"));
            seen.add(progress(jobId));
            assertThat(cellText(jobId, "lifecycle")).isEqualTo("COMPLETED");
            assertThat(seen).containsExactly(25, 75, 100);
            await().atMost(WAIT).ignoreExceptions().until(() -> !browser.findElement(By.id("jv-cancel")).isEnabled());
            assertThat(browser.findElement(By.id("jv-outcome")).getText()).isEqualTo("SUCCEEDED");
            assertBarWidth(rowBar(jobId), 100);
            assertBarWidth("#jv-progress [role=progressbar]", 100);
            // Requested 1.6 s before it started, ran 0.4 s: 2 s for whoever submitted it, never "0s".
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("jv-duration")).getText()
                    .equals("2s (queued 1.6s, ran 0.4s)"));
        } catch (AssertionError | RuntimeException e) {
            screenshot(test);
            throw e;
        }
    }

    /**
     * A picture of the list and the job view with jobs in every state: queued, running at 25 and 75 %,
     * stalled, failed with its error code, succeeded. Saved to target/screenshots whether the test passes or
     * not, so that a person can look at what the page looks like.
     */
    @Test
    void listAndJobViewShowStalledAndFailedJobsAndBarsAtTheirWidths(TestInfo test) throws Exception {
        String workspace = "ws-look-" + UUID.randomUUID();
        Instant now = Instant.now();
        String queued = "queued-" + UUID.randomUUID();
        String quarter = "quarter-" + UUID.randomUUID();
        String threeQuarters = "three-quarters-" + UUID.randomUUID();
        String stalled = "stalled-" + UUID.randomUUID();
        String failed = "failed-" + UUID.randomUUID();
        String succeeded = "succeeded-" + UUID.randomUUID();
        try {
            kafka.publish(Messages.provision(queued, workspace, now));
            kafka.publish(Messages.provision(quarter, workspace, now.minusSeconds(50)));
            kafka.publish(new JobStarted(quarter, ATTEMPT, 1, now.minusSeconds(49), "graph-scenario", workspace, List.of("upload-files", "load-tables")));
            kafka.publish(new StepProgressed(quarter, ATTEMPT, 2, now.minusSeconds(40), "upload-files", 1, 2, "files", null, "a.csv"));
            kafka.publish(Messages.deploy(threeQuarters, workspace, now.minusSeconds(60)));
            kafka.publish(new JobStarted(threeQuarters, ATTEMPT, 1, now.minusSeconds(59), "semantic-model", workspace, List.of("validate", "deploy")));
            kafka.publish(new StepSucceeded(threeQuarters, ATTEMPT, 2, now.minusSeconds(58), "validate", Map.of()));
            kafka.publish(new StepProgressed(threeQuarters, ATTEMPT, 3, now.minusSeconds(30), "deploy", 0, 0, "parts", 50, "definition"));
            // A worker that died 2 hours ago, well past the 30 min default.
            Instant longAgo = now.minus(Duration.ofHours(2));
            kafka.publish(Messages.provision(stalled, workspace, longAgo));
            kafka.publish(new JobStarted(stalled, ATTEMPT, 1, longAgo, "graph-scenario", workspace, List.of("upload-files")));
            kafka.publish(new StepStarted(stalled, ATTEMPT, 2, longAgo, "upload-files"));
            kafka.publish(Messages.provision(failed, workspace, now.minusSeconds(120)));
            kafka.publish(new JobStarted(failed, ATTEMPT, 1, now.minusSeconds(119), "graph-scenario", workspace, List.of("load-tables")));
            JobError error = new JobError("DeltaTableLoadFailed", "Row 7 of orders.csv has 5 fields, the header 4", "req-look-1", "orders.csv", false);
            kafka.publish(new StepFailed(failed, ATTEMPT, 2, now.minusSeconds(100), "load-tables", error));
            kafka.publish(new JobFailed(failed, ATTEMPT, 3, now.minusSeconds(100), "load-tables", error));
            kafka.publish(Messages.deploy(succeeded, workspace, now.minusSeconds(300)));
            kafka.publish(new JobStarted(succeeded, ATTEMPT, 1, now.minusSeconds(299), "semantic-model", workspace, List.of("deploy")));
            kafka.publish(new JobSucceeded(succeeded, ATTEMPT, 2, now.minusSeconds(297), Map.of()));

            signIn(TestClient.READER);
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("connection")).getText().equals("Live"));
            await().atMost(WAIT).ignoreExceptions().until(() -> kindChoices().containsAll(List.of("graph-scenario", "semantic-model")));
            browser.findElement(By.id("f-workspace")).sendKeys(workspace);
            browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElements(By.cssSelector("#jobs tbody tr")).size() == 6
                    && cellText(failed, "outcome").contains("FAILED") && progress(threeQuarters) == 75
                    && progress(quarter) == 25 && cellText(succeeded, "outcome").equals("SUCCEEDED"));

            assertBarWidth(rowBar(queued), 0);
            assertBarWidth(rowBar(quarter), 25);
            assertBarWidth(rowBar(threeQuarters), 75);
            assertBarWidth(rowBar(succeeded), 100);
            assertThat(cellText(failed, "outcome")).isEqualTo("FAILEDDeltaTableLoadFailed");
            assertThat(cellText(stalled, "lifecycle")).matches("RUNNINGSTALLED · silent 2h \\d+m");
            assertThat(cellText(quarter, "lifecycle")).isEqualTo("RUNNING");
            assertThat(cellText(queued, "lifecycle")).isEqualTo("QUEUED");
            screenshot("list");

            // Choosing a kind filters the list to it.
            new Select(browser.findElement(By.id("f-kind"))).selectByValue("semantic-model");
            browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElements(By.cssSelector("#jobs tbody tr")).size() == 2);

            browser.get(dashboard + "#/jobs/" + stalled);
            await().atMost(WAIT).ignoreExceptions().until(() -> !browser.findElement(By.id("jv-stall")).getText().isEmpty());
            assertThat(browser.findElement(By.id("jv-stall")).getText()).containsPattern("Stalled: no event for 2h \\d+m")
                    .contains("counts as stalled after 30m.");
            assertThat(browser.findElement(By.id("jv-lifecycle")).getText()).contains("STALLED");
            assertThat(browser.findElement(By.id("jv-attempt")).getText()).startsWith("1, started");
            screenshot("job-stalled");

            browser.get(dashboard + "#/jobs/" + failed);
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("jv-error")).getText().contains("DeltaTableLoadFailed"));
            assertThat(browser.findElement(By.id("jv-stall")).isDisplayed()).isFalse();
            screenshot("job-failed");

            browser.get(dashboard + "#/jobs/" + threeQuarters);
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElements(By.cssSelector("#jv-steps li[data-step]")).size() == 2);
            assertBarWidth("#jv-progress [role=progressbar]", 75);
            assertBarWidth("#jv-steps li[data-step='validate'] [role=progressbar]", 100);
            assertBarWidth("#jv-steps li[data-step='deploy'] [role=progressbar]", 50);
            screenshot("job-running");
        } catch (AssertionError | RuntimeException e) {
            screenshot(test.getTestMethod().map(m -> m.getName()).orElse("browser"));
            throw e;
        }
    }

    @Test
    void aWorkspaceJobShowsWhatItCreatedAndWhatItsRollbackRemoved(TestInfo test) throws Exception {
        String jobId = UUID.randomUUID().toString();
        Instant t = Instant.now().minusSeconds(30);
        Map<String, Object> workspace = Map.of("kind", "workspace", "id", "ws-9", "name", "Sales Analytics");
        Map<String, Object> group = Map.of("kind", "roleAssignment", "id", "p-1", "name", "Group p-1 as Viewer");
        JobError error = new JobError("LakehouseCreationFailed", "no room", null, "lakehouse sales_bronze", false);
        String other = UUID.randomUUID().toString();
        try {
            kafka.publish(new JobStarted(other, ATTEMPT, 1, t, "graph-scenario", "Sales Analytics", List.of("upload-files")));
            kafka.publish(new JobStarted(jobId, ATTEMPT, 1, t, "workspace", "Sales Analytics",
                    List.of("resolve-workspace", "assign-roles", "create-lakehouses")));
            kafka.publish(new StepSucceeded(jobId, ATTEMPT, 2, t, "resolve-workspace", Map.of("created", List.of(workspace))));
            kafka.publish(new StepSucceeded(jobId, ATTEMPT, 3, t, "assign-roles", Map.of("created", List.of(group))));
            kafka.publish(new StepStarted(jobId, ATTEMPT, 4, t, "create-lakehouses"));
            kafka.publish(new StepFailed(jobId, ATTEMPT, 5, t, "create-lakehouses", error));
            kafka.publish(new StepStarted(jobId, ATTEMPT, 6, t, "rollback"));
            kafka.publish(new StepSucceeded(jobId, ATTEMPT, 7, t, "rollback", Map.of("undone", List.of(group, workspace))));
            kafka.publish(new JobFailed(jobId, ATTEMPT, 8, t, "create-lakehouses", error));

            signIn(TestClient.READER);
            browser.get(dashboard + "#/jobs/" + jobId);
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("jv-resources")).isDisplayed()
                    && browser.findElement(By.id("jv-resources-rolled-back")).getText().contains("workspace"));
            assertThat(browser.findElement(By.id("jv-resources-created")).getText())
                    .isEqualTo("workspace Sales Analytics (ws-9)\nroleAssignment Group p-1 as Viewer (p-1)");
            assertThat(browser.findElement(By.id("jv-resources-rolled-back")).getText())
                    .isEqualTo("roleAssignment Group p-1 as Viewer (p-1)\nworkspace Sales Analytics (ws-9)");
            assertThat(browser.findElement(By.id("jv-error")).getText()).contains("LakehouseCreationFailed");
            screenshot("job-rolled-back");

            // A job that reports no resources (published first, so it is known by now) shows no such section.
            browser.get(dashboard + "#/jobs/" + other);
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElements(By.cssSelector("#jv-steps li[data-step]")).size() == 1);
            assertThat(browser.findElement(By.id("jv-resources")).isDisplayed()).isFalse();
        } catch (AssertionError | RuntimeException e) {
            screenshot(test.getTestMethod().map(m -> m.getName()).orElse("browser"));
            throw e;
        }
    }

    @Test
    void aDeploymentToAnEnvironmentShowsTheEnvironmentAndTheWorkspaceItResolved(TestInfo test) throws Exception {
        String running = UUID.randomUUID().toString();
        String done = UUID.randomUUID().toString();
        Instant t = Instant.now().minusSeconds(20);
        try {
            kafka.publish(new JobStarted(running, ATTEMPT, 1, t, "semantic-model", "environment:prod", List.of("resolve-environment")));
            kafka.publish(new JobStarted(done, ATTEMPT, 1, t, "semantic-model", "environment:qa", List.of("resolve-environment")));
            kafka.publish(new JobSucceeded(done, ATTEMPT, 2, t.plusSeconds(1),
                    Map.of("environment", "qa", "workspaceName", "Sales QA", "modelName", "Sales")));

            signIn(TestClient.READER);
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.cssSelector("tr[data-job-id='" + done
                    + "'] td.workspace")).getText().equals("Sales QA (qa)"));
            // before the job has resolved its workspace, the environment alone
            assertThat(browser.findElement(By.cssSelector("tr[data-job-id='" + running + "'] td.workspace")).getText())
                    .isEqualTo("environment prod");
            browser.get(dashboard + "#/jobs/" + done);
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("jv-workspace")).getText().equals("Sales QA (qa)"));
            screenshot("job-environment");
        } catch (AssertionError | RuntimeException e) {
            screenshot(test.getTestMethod().map(m -> m.getName()).orElse("browser"));
            throw e;
        }
    }

    @Test
    void aPlanShowsAsATableOfWhatWouldChangeWithEveryCellReadable(TestInfo test) throws Exception {
        String plan = UUID.randomUUID().toString();
        Instant t = Instant.now().minusSeconds(20);
        List<Map<String, Object>> entries = List.of(
                Map.of("itemType", "SemanticModel", "name", "Sales", "action", "update",
                        "changedParts", List.of("definition/tables/Returns.tmdl", "definition/model.tmdl"),
                        "reason", "2 definition parts differ from the copy in stage 'Test', with the parameters of environment 'qa' applied"),
                Map.of("itemType", "Report", "name", "Sales Overview", "action", "create", "changedParts", List.of(),
                        "reason", "not in stage 'Test' yet: the deploy creates it in workspace 'Sales QA'"),
                Map.of("itemType", "ConnectionBinding", "name", "Sales", "action", "refused", "changedParts", List.of(),
                        "reason", "Connection 'Sales SQL (qa)' does not exist"));
        try {
            kafka.publish(new io.weft.contracts.command.PromoteStage(plan, "Sales Release", "dev", "qa", null, null, true, t,
                    new io.weft.contracts.command.Requester("7e57c11e-0000-4000-8000-0000000000a1", "release-pipeline",
                            io.weft.contracts.command.Requester.SERVICE_PRINCIPAL)));
            kafka.publish(new JobStarted(plan, ATTEMPT, 1, t, "stage-promotion", "Sales Release: dev → qa",
                    List.of("resolve-pipeline", "select-items", "plan-promotion")));
            kafka.publish(new JobSucceeded(plan, ATTEMPT, 2, t.plusSeconds(1), Map.of("planned", true, "plan", entries,
                    "summary", Map.of("create", 1, "update", 1, "unchanged", 0, "refused", 1, "delete", 0))));

            signIn(TestClient.READER);
            browser.get(dashboard + "#/jobs/" + plan);
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("jv-plan")).isDisplayed()
                    && browser.findElements(By.cssSelector("#jv-plan-table tbody tr")).size() == 3);

            assertThat(browser.findElement(By.id("jv-plan-heading")).getText()).isEqualTo("Plan — nothing was changed");
            assertThat(browser.findElement(By.id("jv-plan-summary")).getText()).isEqualTo("1 create, 1 update, 1 refused");
            List<String> rows = browser.findElements(By.cssSelector("#jv-plan-table tbody tr")).stream().map(r -> r.getText()).toList();
            assertThat(rows.get(0)).startsWith("SemanticModel Sales UPDATE definition/tables/Returns.tmdl, definition/model.tmdl");
            assertThat(rows.get(1)).startsWith("Report Sales Overview CREATE —");
            assertThat(rows.get(2)).contains("REFUSED").contains("Connection 'Sales SQL (qa)' does not exist");
            assertThat(browser.findElement(By.id("jv-workspace")).getText()).isEqualTo("Sales Release: dev → qa");
            assertThat(browser.findElement(By.id("jv-requested-by")).getText()).isEqualTo("release-pipeline (app)");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> cells = (List<Map<String, Object>>) ((JavascriptExecutor) browser).executeScript(
                    "return [...document.querySelectorAll('#jv-plan-table tbody td')].map(c => {"
                            + " const r = c.getBoundingClientRect();"
                            + " return {w: r.width, h: r.height, overflow: c.scrollWidth > c.clientWidth + 1,"
                            + " color: getComputedStyle(c.querySelector('.action') || c).color}; });");
            assertThat(cells).as("every cell rendered with room for its text").allSatisfy(cell -> {
                assertThat(((Number) cell.get("w")).doubleValue()).isGreaterThan(20);
                assertThat(((Number) cell.get("h")).doubleValue()).isGreaterThan(10);
                assertThat(cell.get("overflow")).isEqualTo(false);
            });
            assertThat(cells.get(2).get("color")).as("update in blue").isEqualTo("rgb(5, 80, 174)");
            assertThat(cells.get(7).get("color")).as("create in green").isEqualTo("rgb(17, 99, 41)");
            assertThat(cells.get(12).get("color")).as("refused in red").isEqualTo("rgb(164, 14, 38)");
            screenshot("job-plan");
        } catch (AssertionError | RuntimeException e) {
            screenshot(test.getTestMethod().map(m -> m.getName()).orElse("browser"));
            throw e;
        }
    }

    private static String rowBar(String jobId) {
        return "tr[data-job-id='" + jobId + "'] td.progress [role=progressbar]";
    }

    /**
     * The bar's fill, as rendered, is {@code percent} of its track's width (within 2 px), and matches its
     * {@code aria-valuenow}: what a person sees, not only the attributes.
     */
    /** Opens the dashboard, signs in by pasting the client's token, and waits until the list stream is live. */
    private void signIn(TestClient client) {
        HeadlessChromium.signIn(browser, dashboard.toString(), client);
    }

    @Test
    void withoutATokenTheDashboardAsksForOneAndSignOutForgetsIt(TestInfo test) throws Exception {
        String workspace = "ws-signin-" + UUID.randomUUID();
        String jobId = UUID.randomUUID().toString();
        try {
            browser.get(dashboard.toString());
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("connection")).getText().startsWith("Signed out"));
            assertThat(browser.findElement(By.id("sign-in-button")).isDisplayed()).isTrue();
            assertThat(browser.findElement(By.id("sign-out")).isDisplayed()).as("sign-out, before signing in").isFalse();
            kafka.publish(Messages.provision(jobId, workspace, Instant.now()));

            // A token without Weft.Read is told so and shown nothing.
            HeadlessChromium.openTokenBox(browser);
            browser.findElement(By.id("token")).sendKeys(EntraTokens.token(TestClient.SUBMITTER));
            browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("connection")).getText().startsWith("Not allowed"));
            assertThat(browser.findElements(By.cssSelector("#jobs tbody tr"))).isEmpty();

            browser.findElement(By.id("sign-out")).click();
            signIn(TestClient.READER);
            await().atMost(WAIT).ignoreExceptions().until(() -> cellText(jobId, "lifecycle").equals("QUEUED"));
            screenshot(test);

            browser.findElement(By.id("sign-out")).click();
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("signed-out")).isDisplayed());
            assertThat(browser.findElements(By.cssSelector("#jobs tbody tr"))).isEmpty();
            assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('weft.accessToken')")).isNull();
        } catch (AssertionError | RuntimeException e) {
            screenshot(test);
            throw e;
        }
    }

    private void assertBarWidth(String barSelector, int percent) {
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> geometry = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                    "const bar = document.querySelector(arguments[0]);"
                            + "if (!bar) return null;"
                            + "return {track: bar.querySelector('.track').getBoundingClientRect().width,"
                            + " fill: bar.querySelector('.fill').getBoundingClientRect().width,"
                            + " now: bar.getAttribute('aria-valuenow')};", barSelector);
            assertThat(geometry).as("bar " + barSelector).isNotNull();
            double track = ((Number) geometry.get("track")).doubleValue();
            double fill = ((Number) geometry.get("fill")).doubleValue();
            assertThat(track).as("track width of " + barSelector).isGreaterThan(40);
            assertThat(fill).as("fill width of " + barSelector + " (track " + track + " px)")
                    .isCloseTo(track * percent / 100.0, Offset.offset(2.0));
            assertThat(geometry.get("now")).isEqualTo(Integer.toString(percent));
        });
    }

    @SuppressWarnings("unchecked")
    private List<String> kindChoices() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#f-kind option')].map(o => o.value).filter(v => v);");
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
        screenshot(test.getTestMethod().map(m -> m.getName()).orElse("browser"));
    }

    private void screenshot(String name) {
        HeadlessChromium.screenshot(browser, name);
    }
}
