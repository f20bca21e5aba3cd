package io.weft.tracker.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.command.DefinitionPart;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobError;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepStarted;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.postgres.PostgresResource;
import io.weft.tracker.support.Messages;
import io.weft.tracker.support.SseClient;
import io.weft.tracker.support.TrackerKafka;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.weft.tracker.rest.JobApiTest.awaitJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * What the API answers look like: lists and the list stream carry request summaries and never payloads; the
 * job itself carries its request with definition payloads only when asked; attempts are numbered 1, 2, 3.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EntraResource.class)
class JobShapeTest {

    @org.junit.jupiter.api.BeforeEach
    void callAsAdmin() {
        io.weft.tracker.support.Authorized.asAdmin();
    }

    private static final Logger LOG = Logger.getLogger(JobShapeTest.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ContractCodec CODEC = ContractCodec.get();
    private static TrackerKafka kafka;

    @TestHTTPResource("/api/v1/jobs")
    URL jobs;

    @BeforeAll
    static void producer() {
        kafka = new TrackerKafka();
    }

    @AfterAll
    static void closeProducer() {
        kafka.close();
    }

    @Test
    void listsAndTheListStreamCarrySummariesWithSizesNeverPayloads() throws Exception {
        String workspace = "ws-lean-" + UUID.randomUUID();
        String deployId = UUID.randomUUID().toString();
        String provisionId = UUID.randomUUID().toString();
        DeploySemanticModel deploy = Messages.deploy(deployId, workspace, Instant.now());
        long partBytes = deploy.definition().parts().stream()
                .mapToLong(part -> Base64.getDecoder().decode(part.payload()).length).sum();
        kafka.publish(deploy);
        kafka.publish(provisionWithSasUri(provisionId, workspace));
        awaitJob(deployId, "lifecycle", "QUEUED");
        awaitJob(provisionId, "lifecycle", "QUEUED");

        String body = RestAssured.given().queryParam("workspace", workspace).get("/api/v1/jobs").then().statusCode(200)
                .extract().asString();
        String full = RestAssured.get("/api/v1/jobs/{id}", deployId).then().extract().asString()
                + RestAssured.get("/api/v1/jobs/{id}", provisionId).then().extract().asString();
        LOG.infof("A list of 2 jobs is %d bytes; the two jobs on their own %d", body.length(), full.length());
        assertNoPayloadsNorSecrets(body, deploy);
        JsonPath list = JsonPath.from(body);
        String deployRow = "items.find { it.id == '" + deployId + "' }";
        String provisionRow = "items.find { it.id == '" + provisionId + "' }";
        assertThat(list.getMap(deployRow)).doesNotContainKeys("request", "steps");
        assertThat(list.getString(deployRow + ".requestSummary.modelName")).isEqualTo("Sales");
        assertThat(list.getString(deployRow + ".requestSummary.workspace")).isEqualTo(workspace);
        assertThat(list.getString(deployRow + ".requestSummary.mode")).isEqualTo("prod");
        assertThat(list.getString(deployRow + ".requestSummary.definition.format")).isEqualTo("TMDL");
        assertThat(list.getInt(deployRow + ".requestSummary.definition.partsCount")).isEqualTo(4);
        assertThat(list.getLong(deployRow + ".requestSummary.definition.partsBytes")).isEqualTo(partBytes);
        assertThat(list.getString(provisionRow + ".requestSummary.scenarioName")).isEqualTo("retail");
        assertThat(list.getString(provisionRow + ".requestSummary.archive.fileName")).isEqualTo("retail.tar.gz");
        assertThat(list.getLong(provisionRow + ".requestSummary.archive.sizeBytes")).isEqualTo(48213);
        assertThat(list.getMap(provisionRow + ".requestSummary.archive")).doesNotContainKeys("uri", "sha256");
        assertThat(list.getInt(provisionRow + ".requestSummary.manifest.tablesCount")).isEqualTo(2);
        assertThat(list.getLong(provisionRow + ".requestSummary.manifest.totalBytes")).isEqualTo(4600);

        try (SseClient stream = new SseClient(jobs + "/stream?workspace=" + workspace, null)) {
            await().atMost(WAIT).until(() -> !stream.events().isEmpty());
            SseClient.Event snapshot = stream.events().get(0);
            assertThat(snapshot.name()).isEqualTo("snapshot");
            assertThat(snapshot.data()).contains("\"partsBytes\":" + partBytes);
            assertNoPayloadsNorSecrets(snapshot.data(), deploy);
        }
    }

    @Test
    void theJobCarriesItsRequestWithPayloadsOnlyWhenAsked() {
        String workspace = "ws-detail-" + UUID.randomUUID();
        String deployId = UUID.randomUUID().toString();
        String provisionId = UUID.randomUUID().toString();
        DeploySemanticModel deploy = Messages.deploy(deployId, workspace, Instant.now());
        kafka.publish(deploy);
        kafka.publish(provisionWithSasUri(provisionId, workspace));
        awaitJob(deployId, "lifecycle", "QUEUED");
        awaitJob(provisionId, "lifecycle", "QUEUED");

        String lean = RestAssured.get("/api/v1/jobs/{id}", deployId).then().statusCode(200).extract().asString();
        assertNoPayloadsNorSecrets(lean, deploy);
        JsonPath job = JsonPath.from(lean);
        DefinitionPart first = deploy.definition().parts().get(0);
        assertThat(job.getString("request.definition.parts[0].path")).isEqualTo(first.path());
        assertThat(job.getLong("request.definition.parts[0].payloadBytes"))
                .isEqualTo(Base64.getDecoder().decode(first.payload()).length);
        assertThat(job.getMap("request.definition.parts[0]")).doesNotContainKey("payload");
        assertThat(job.getString("requestSummary.modelName")).isEqualTo("Sales");

        JsonPath withDefinition = RestAssured.given().queryParam("include", "definition")
                .get("/api/v1/jobs/{id}", deployId).then().statusCode(200).extract().jsonPath();
        assertThat(withDefinition.getList("request.definition.parts.payload", String.class))
                .containsExactlyElementsOf(deploy.definition().parts().stream().map(DefinitionPart::payload).toList());

        RestAssured.given().queryParam("include", "everything").get("/api/v1/jobs/{id}", deployId).then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("include may only be 'definition'"));

        String history = RestAssured.get("/api/v1/jobs/{id}/events", deployId).then().statusCode(200).extract().asString();
        assertNoPayloadsNorSecrets(history, deploy);
        assertThat(JsonPath.from(history).getLong("[0].data.definition.parts[0].payloadBytes"))
                .isEqualTo(Base64.getDecoder().decode(first.payload()).length);

        // Redaction still applies to the request shown, with or without payloads, and to the history.
        assertThat(RestAssured.get("/api/v1/jobs/{id}/events", provisionId).then().statusCode(200).extract().asString())
                .doesNotContain("s3cr3t-signature").contains("retail.tar.gz?***");
        for (String include : new String[] {"", "definition"}) {
            String provision = RestAssured.given().queryParam("include", include)
                    .get("/api/v1/jobs/{id}", provisionId).then().statusCode(200).extract().asString();
            assertThat(provision).doesNotContain("s3cr3t-signature");
            assertThat(JsonPath.from(provision).getString("request.archive.uri"))
                    .isEqualTo("https://account.blob.core.windows.net/staging/retail.tar.gz?***");
        }
    }

    @Test
    void attemptsAreNumberedFromOneWithTheirStartsAndTheWorkersKeysStayInternal() {
        String jobId = UUID.randomUUID().toString();
        Instant first = Instant.parse("2026-11-21T09:00:00.250Z");
        Instant second = Instant.parse("2026-11-21T09:05:00.500Z");
        long firstKey = first.toEpochMilli();
        long secondKey = second.toEpochMilli();
        kafka.publish(Messages.provision(jobId, "ws-attempts", first.minusSeconds(1)));
        // The second attempt's events arrive first: numbers follow the keys, not the arrival.
        kafka.publish(new JobStarted(jobId, secondKey, 1, second, "graph-scenario", "ws-attempts", List.of("load")));
        kafka.publish(new StepStarted(jobId, secondKey, 2, second.plusSeconds(1), "load"));
        kafka.publish(new JobStarted(jobId, firstKey, 1, first, "graph-scenario", "ws-attempts", List.of("load")));
        kafka.publish(new StepStarted(jobId, firstKey, 2, first.plusSeconds(1), "load"));
        kafka.publish(new JobSucceeded(jobId, secondKey, 3, second.plusSeconds(2), Map.of()));
        awaitJob(jobId, "attempts.size()", 2);
        awaitJob(jobId, "lifecycle", "COMPLETED");

        String body = RestAssured.get("/api/v1/jobs/{id}", jobId).then().statusCode(200).extract().asString();
        JsonPath job = JsonPath.from(body);
        assertThat(job.getInt("attempt")).isEqualTo(2);
        assertThat(job.getList("attempts.number", Integer.class)).containsExactly(1, 2);
        assertThat(job.getList("attempts.startedAt", String.class))
                .containsExactly("2026-11-21T09:00:00.250Z", "2026-11-21T09:05:00.500Z");
        assertThat(job.getInt("steps[0].attempts")).isEqualTo(2);
        String events = RestAssured.get("/api/v1/jobs/{id}/events", jobId).then().statusCode(200).extract().asString();
        String list = RestAssured.given().queryParam("workspace", "ws-attempts").get("/api/v1/jobs").then()
                .extract().asString();
        for (String answer : List.of(body, events, list)) {
            assertThat(answer).doesNotContain(Long.toString(firstKey)).doesNotContain(Long.toString(secondKey));
        }
        assertThat(JsonPath.from(events).getList("findAll { it.category == 'EVENT' }.attempt", Integer.class))
                .containsExactly(1, 1, 2, 2, 2);
        assertThat(JsonPath.from(list).getInt("items.find { it.id == '" + jobId + "' }.attempt")).isEqualTo(2);
    }

    @Test
    void aFailedJobsListRowCarriesItsErrorCode() {
        String jobId = UUID.randomUUID().toString();
        String workspace = "ws-failed-row-" + UUID.randomUUID();
        kafka.publish(Messages.provision(jobId, workspace, Instant.now()));
        kafka.publish(new JobFailed(jobId, 1_763_769_600_000L, 1, Instant.now(), null,
                new JobError("DeltaTableLoadFailed", "Row 7 has 5 fields", "req-9", null, false)));
        awaitJob(jobId, "outcome", "FAILED");
        JsonPath list = RestAssured.given().queryParam("workspace", workspace).get("/api/v1/jobs").then()
                .statusCode(200).extract().jsonPath();
        assertThat(list.getString("items[0].error.code")).isEqualTo("DeltaTableLoadFailed");
    }

    @Test
    void openApiDocumentsIncludeStalledAndTheKinds() {
        JsonPath api = RestAssured.get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        assertThat(api.getString("paths.'/api/v1/jobs/{id}'.get.parameters.find { it.name == 'include' }.description"))
                .contains("definition");
        assertThat(api.getString("paths.'/api/v1/jobs/{id}'.get.description")).contains("payloadBytes");
        assertThat(api.getString("paths.'/api/v1/jobs'.get.parameters.find { it.name == 'stalled' }.description"))
                .contains("stall threshold");
        assertThat(api.getMap("paths.'/api/v1/job-kinds'.get")).isNotNull();
    }

    private static void assertNoPayloadsNorSecrets(String answer, DeploySemanticModel deploy) {
        for (DefinitionPart part : deploy.definition().parts()) {
            assertThat(answer).doesNotContain(part.payload());
        }
        assertThat(answer).doesNotContain("\"payload\"").doesNotContain("s3cr3t-signature");
    }

    /** A graph scenario whose staged archive is an ADLS URI with a SAS token in its query string. */
    private static ProvisionGraphScenario provisionWithSasUri(String jobId, String workspace) {
        ObjectNode command = (ObjectNode) Messages.example(MessageType.PROVISION_GRAPH_SCENARIO);
        command.put("jobId", jobId).put("workspace", workspace).put("requestedAt", Instant.now().toString());
        ((ObjectNode) command.get("archive")).put("uri",
                "https://account.blob.core.windows.net/staging/retail.tar.gz?sv=2024-01-01&sig=s3cr3t-signature");
        JsonNode node = command;
        return CODEC.decode(MessageType.PROVISION_GRAPH_SCENARIO.ceType(),
                node.toString().getBytes(StandardCharsets.UTF_8), ProvisionGraphScenario.class);
    }
}
