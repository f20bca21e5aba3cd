package io.weft.tracker.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.weft.contracts.command.PromoteStage;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.entra.EntraTokens;
import io.weft.testsupport.entra.TestClient;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.postgres.PostgresResource;
import io.weft.tracker.support.Authorized;
import io.weft.tracker.support.HeadlessChromium;
import io.weft.tracker.support.Messages;
import io.weft.tracker.support.SseClient;
import io.weft.tracker.support.TrackerKafka;
import io.weft.tracker.support.WorkspaceScoping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code weft.security.scoping=on}, a principal sees only the jobs of what it is granted: lists and streams leave
 * the others out, reading, its events, its stream and cancelling another workspace's job are 403 (an unknown job is
 * still 404); an admin sees everything.
 */
@QuarkusTest
@TestProfile(WorkspaceScoping.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EntraResource.class)
class WorkspaceScopingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL root;

    private TrackerKafka kafka;
    private String granted;
    private String other;
    private String promotion;
    private String otherPromotion;

    @BeforeEach
    void jobsInTwoWorkspacesAndTwoPipelines() {
        Authorized.anonymous();
        kafka = new TrackerKafka();
        Instant t = Instant.now().minusSeconds(60);
        granted = "scoped-" + UUID.randomUUID();
        other = "other-" + UUID.randomUUID();
        promotion = "promo-" + UUID.randomUUID();
        otherPromotion = "promo-other-" + UUID.randomUUID();
        kafka.publish(Messages.deploy(granted, WorkspaceScoping.GRANTED, t));
        kafka.publish(Messages.deploy(other, "Finance", t));
        kafka.publish(new PromoteStage(promotion, "Sales Release", "dev", "qa", null, null, false, t));
        kafka.publish(new PromoteStage(otherPromotion, "Finance Release", "dev", "qa", null, null, false, t));
        await().atMost(WAIT).until(() -> List.of(granted, other, promotion, otherPromotion).stream().allMatch(id ->
                as(TestClient.ADMIN).get("/api/v1/jobs/{id}", id).statusCode() == 200));
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void listsShowOnlyTheGrantedWorkspacesJobs() {
        List<String> seen = as(TestClient.READER).queryParam("limit", 500).get("/api/v1/jobs").jsonPath().getList("items.id");
        List<String> all = as(TestClient.ADMIN).queryParam("limit", 500).get("/api/v1/jobs").jsonPath().getList("items.id");

        assertThat(seen).contains(granted, promotion).doesNotContain(other, otherPromotion);
        assertThat(all).contains(granted, other, promotion, otherPromotion);
    }

    @Test
    void anotherWorkspacesJobIsForbiddenToReadStreamAndCancel() throws Exception {
        Response read = as(TestClient.READER).get("/api/v1/jobs/{id}", other);
        read.then().statusCode(403).contentType("application/problem+json");
        assertThat((String) read.path("detail")).contains("the workspace of job " + other);
        as(TestClient.READER).get("/api/v1/jobs/{id}/events", other).then().statusCode(403);
        as(TestClient.READER).get("/api/v1/jobs/{id}", otherPromotion).then().statusCode(403);
        as(TestClient.CANCELLER).post("/api/v1/jobs/{id}/cancel", other).then().statusCode(403);
        as(TestClient.READER).get("/api/v1/jobs/no-such-job").then().statusCode(404);
        try (SseClient stream = new SseClient(root + "api/v1/jobs/" + other + "/stream", null, EntraTokens.bearer(TestClient.READER))) {
            assertThat(stream.status()).isEqualTo(403);
        }

        as(TestClient.READER).get("/api/v1/jobs/{id}", granted).then().statusCode(200);
        as(TestClient.READER).get("/api/v1/jobs/{id}", promotion).then().statusCode(200);
        as(TestClient.CANCELLER).post("/api/v1/jobs/{id}/cancel", granted).then().statusCode(202);
    }

    @Test
    void theListStreamLeavesOtherWorkspacesOut() throws Exception {
        try (SseClient stream = new SseClient(root + "api/v1/jobs/stream", null, EntraTokens.bearer(TestClient.READER))) {
            assertThat(stream.status()).isEqualTo(200);
            await().atMost(WAIT).until(() -> stream.events().stream().anyMatch(e -> e.name().equals("snapshot")));
            String snapshot = stream.events().stream().filter(e -> e.name().equals("snapshot")).findFirst().orElseThrow().data();
            assertThat(snapshot).contains(granted).doesNotContain(other).doesNotContain(otherPromotion);
        }
    }

    @Test
    void theDashboardShowsAScopedPrincipalOnlyItsJobs() throws Exception {
        org.openqa.selenium.WebDriver browser = HeadlessChromium.start();
        try {
            HeadlessChromium.signIn(browser, root.toString(), TestClient.READER);
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElements(
                    org.openqa.selenium.By.cssSelector("tr[data-job-id='" + granted + "']")).size() == 1
                    && browser.findElements(org.openqa.selenium.By.cssSelector("tr[data-job-id='" + promotion + "']")).size() == 1);

            String table = browser.findElement(org.openqa.selenium.By.id("jobs")).getText();
            assertThat(table).contains(WorkspaceScoping.GRANTED).contains("Sales Release: dev → qa")
                    .doesNotContain("Finance");
            assertThat(browser.findElements(org.openqa.selenium.By.cssSelector("tr[data-job-id='" + other + "']"))).isEmpty();
            browser.get(root + "#/jobs/" + other);
            await().atMost(WAIT).ignoreExceptions().until(() -> !browser.findElement(org.openqa.selenium.By.id("jv-message")).getText().isBlank());
            assertThat(browser.findElement(org.openqa.selenium.By.id("jv-message")).getText()).isEqualTo("Not allowed to see this job.");
            assertThat(browser.findElement(org.openqa.selenium.By.id("jv-cancel")).isEnabled()).as("no cancel for a job not shown").isFalse();
            HeadlessChromium.screenshot(browser, "scoped-dashboard");
        } finally {
            browser.quit();
        }
    }

    private static io.restassured.specification.RequestSpecification as(TestClient client) {
        return RestAssured.given().header("Authorization", EntraTokens.bearer(client));
    }
}
