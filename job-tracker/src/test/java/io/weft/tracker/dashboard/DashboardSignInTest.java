package io.weft.tracker.dashboard;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.entra.TestClient;
import io.weft.testsupport.entra.TestUser;
import io.weft.testsupport.fabric.InjectFabricEmulator;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.postgres.PostgresResource;
import io.weft.tracker.support.HeadlessChromium;
import io.weft.tracker.support.Messages;
import io.weft.tracker.support.TrackerKafka;
import io.weft.tracker.support.WorkspaceScoping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A person signs in to the dashboard in a real headless Chromium through the emulator's Entra sign-in form
 * (authorization code with PKCE, the code redeemed by the page), sees their name and only the jobs of the workspace
 * their group is granted, and signs out through Entra's logout, after which the page calls no API.
 */
@QuarkusTest
@TestProfile(WorkspaceScoping.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EntraResource.class)
class DashboardSignInTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final TestUser USER = TestUser.SALES_READER;

    @TestHTTPResource("/")
    URL dashboard;

    @InjectFabricEmulator
    FabricEmulator entra;

    private WebDriver browser;
    private TrackerKafka kafka;

    @BeforeEach
    void start() throws Exception {
        browser = HeadlessChromium.start();
        kafka = new TrackerKafka();
    }

    @AfterEach
    void stop() {
        browser.quit();
        kafka.close();
    }

    @Test
    void aUserSignsInThroughEntraSeesOnlyTheirWorkspacesJobsAndSignsOut() {
        String granted = "signed-in-" + UUID.randomUUID();
        String elsewhere = "not-granted-" + UUID.randomUUID();
        kafka.publish(Messages.deploy(granted, WorkspaceScoping.GRANTED, Instant.now().minusSeconds(30)));
        kafka.publish(Messages.deploy(elsewhere, "Finance " + UUID.randomUUID(), Instant.now().minusSeconds(30)));
        try {
            browser.get(dashboard.toString());
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("sign-in-button")).isDisplayed());
            assertThat(text("connection")).startsWith("Signed out");
            browser.findElement(By.id("sign-in-button")).click();

            // Entra's sign-in page: a wrong password is told so and asked again.
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("passwd")).isDisplayed());
            assertThat(browser.getCurrentUrl()).startsWith(entra.authorizeUrl() + "?")
                    .contains("code_challenge_method=S256").contains("code_challenge=");
            browser.findElement(By.id("login")).sendKeys(USER.userName());
            browser.findElement(By.id("passwd")).sendKeys("not-the-password");
            browser.findElement(By.id("sign-in")).click();
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("error")).isDisplayed());
            assertThat(browser.findElement(By.id("error")).getText()).startsWith("Your account or password is incorrect");
            assertThat(browser.getPageSource()).doesNotContain("not-the-password");
            Map<String, Object> card = box("main");
            Map<String, Object> button = box("#sign-in");
            assertThat(((Number) button.get("bottom")).doubleValue()).as("the Sign in button inside the card")
                    .isLessThanOrEqualTo(((Number) card.get("bottom")).doubleValue());
            HeadlessChromium.screenshot(browser, "entra-sign-in-wrong-password");

            browser.findElement(By.id("passwd")).sendKeys(USER.password());
            browser.findElement(By.id("sign-in")).click();

            // Back on the dashboard, signed in: the user's name, the granted workspace's job, not the other.
            await().atMost(WAIT).ignoreExceptions().until(() -> text("user").equals("Signed in as " + USER.userName()));
            await().atMost(WAIT).ignoreExceptions().until(() -> text("connection").equals("Live")
                    && !browser.findElements(By.cssSelector("tr[data-job-id='" + granted + "']")).isEmpty());
            assertThat(browser.getCurrentUrl()).as("the code is gone from the address").isEqualTo(dashboard.toString());
            assertThat(browser.findElements(By.cssSelector("tr[data-job-id='" + elsewhere + "']"))).isEmpty();
            assertThat(browser.findElement(By.id("jobs")).getText()).contains(WorkspaceScoping.GRANTED).doesNotContain("Finance");
            assertThat(browser.findElement(By.id("sign-in-button")).isDisplayed()).isFalse();
            assertThat(session("weft.pendingSignIn")).as("the verifier, once used").isNull();
            Map<String, Object> user = box("#user");
            assertThat(((Number) user.get("width")).doubleValue()).as("the name's width").isGreaterThan(100);
            assertThat(((Number) user.get("height")).doubleValue()).as("the name's height").isBetween(10.0, 40.0);
            assertThat(user.get("color")).as("white on the dark header").isEqualTo("rgb(255, 255, 255)");
            assertThat(((Number) box("#sign-out").get("width")).doubleValue()).isGreaterThan(40);
            HeadlessChromium.screenshot(browser, "dashboard-signed-in");

            // Sign-out goes through Entra's logout and comes back signed out; the page then calls no API.
            browser.findElement(By.id("sign-out")).click();
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("sign-in-button")).isDisplayed()
                    && text("connection").startsWith("Signed out"));
            assertThat(browser.getCurrentUrl()).isEqualTo(dashboard.toString());
            assertThat(browser.findElement(By.id("signed-in")).isDisplayed()).isFalse();
            assertThat(browser.findElements(By.cssSelector("#jobs tbody tr"))).isEmpty();
            assertThat(session("weft.accessToken")).isNull();
            assertThat(session("weft.user")).isNull();
            @SuppressWarnings("unchecked")
            List<String> calls = (List<String>) ((JavascriptExecutor) browser).executeScript(
                    "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/api/'));");
            assertThat(calls).as("API calls after signing out").isEmpty();
            HeadlessChromium.screenshot(browser, "dashboard-signed-out");
        } catch (AssertionError | RuntimeException e) {
            HeadlessChromium.screenshot(browser, "dashboard-sign-in-failure");
            throw e;
        }
    }

    /** A token that expires while the page shows jobs: the page drops it and shows Sign in again, on its own. */
    @Test
    void whenTheTokenExpiresTheDashboardSignsOut() {
        String soonExpired = entra.admin().issueToken(TestClient.READER.clientId(), entra.weftAppId(), List.of("Weft.Read"),
                Map.of("exp", Instant.now().plusSeconds(8).getEpochSecond()));
        try {
            browser.get(dashboard.toString());
            HeadlessChromium.openTokenBox(browser);
            browser.findElement(By.id("token")).sendKeys(soonExpired);
            browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
            await().atMost(WAIT).ignoreExceptions().until(() -> text("user").equals("Signed in as " + TestClient.READER.clientId()));
            await().atMost(WAIT).ignoreExceptions().until(() -> text("connection").equals("Signed out: the session expired"));
            assertThat(browser.findElement(By.id("sign-in-button")).isDisplayed()).isTrue();
            assertThat(browser.findElement(By.id("signed-in")).isDisplayed()).isFalse();
            assertThat(session("weft.accessToken")).isNull();
            HeadlessChromium.screenshot(browser, "dashboard-session-expired");
        } catch (AssertionError | RuntimeException e) {
            HeadlessChromium.screenshot(browser, "dashboard-expiry-failure");
            throw e;
        }
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private Object session(String key) {
        return ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem(arguments[0]);", key);
    }

    /** How an element is drawn: its size, its bottom edge and its text colour. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> box(String selector) {
        return (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                "const el = document.querySelector(arguments[0]); const r = el.getBoundingClientRect();"
                        + "return {width: r.width, height: r.height, bottom: r.bottom, color: getComputedStyle(el).color};", selector);
    }
}
