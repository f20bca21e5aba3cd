package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.weft.contracts.Topics;
import io.weft.gateway.support.CommandRecords;
import io.weft.gateway.support.StagingDirectory;
import io.weft.testsupport.archive.TestArchives;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.weft.gateway.support.Authorized.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(EntraResource.class)
class IdempotencyTest {

    @Test
    void retryWithTheSameKeyReturnsTheSameJobAndPublishesOnce() {
        String key = UUID.randomUUID().toString();
        Path archive = TestArchives.tarGz("retail.tgz", TestArchives.retail());

        Response first = upload(archive, key, "retail");
        first.then().statusCode(202);
        Set<String> stagedAfterFirst = StagingDirectory.files();
        Response retry = upload(archive, key, "retail");

        retry.then().statusCode(202).header("Idempotent-Replayed", "true");
        assertThat(retry.asString()).isEqualTo(first.asString());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        String jobId = first.path("jobId");
        assertThat(CommandRecords.forJob(Topics.PROVISION_COMMANDS, jobId)).hasSize(1);
        assertThat(StagingDirectory.files()).as("the retry left nothing staged").isEqualTo(stagedAfterFirst);
    }

    @Test
    void sameKeyWithADifferentRequestIsRefused() {
        String key = UUID.randomUUID().toString();
        Response first = upload(TestArchives.tarGz("retail.tgz", TestArchives.retail()), key, "retail");
        first.then().statusCode(202);
        int published = CommandRecords.all(Topics.PROVISION_COMMANDS).size();
        Set<String> staged = StagingDirectory.files();

        Response other = upload(TestArchives.tarGz("retail.tgz", TestArchives.retail()), key, "other-scenario");

        other.then().statusCode(422).contentType("application/problem+json");
        assertThat((String) other.path("type")).isEqualTo("urn:weft:problem:idempotency-key-reused");
        assertThat((String) other.path("title")).isEqualTo("The Idempotency-Key belongs to another request");
        assertThat((Integer) other.path("status")).isEqualTo(422);
        assertThat((String) other.path("detail")).isEqualTo(
                "this Idempotency-Key was already used for a different request (job " + first.path("jobId") + ")");
        assertThat(CommandRecords.all(Topics.PROVISION_COMMANDS)).hasSize(published);
        assertThat(StagingDirectory.files()).isEqualTo(staged);
    }

    @Test
    void deploymentRetriesAreIdempotentToo() {
        String key = UUID.randomUUID().toString();
        Path archive = TestArchives.zip("mini.zip", DeploymentResourceTest.miniTmdl(""));
        Response first = deploy(archive, key);
        Response retry = deploy(archive, key);

        first.then().statusCode(202);
        retry.then().statusCode(202).header("Idempotent-Replayed", "true");
        assertThat((String) retry.path("jobId")).isEqualTo(first.path("jobId"));
        assertThat(CommandRecords.forJob(Topics.DEPLOY_COMMANDS, first.path("jobId"))).hasSize(1);
    }

    @Test
    void overlongKeyIsRefused() {
        Response response = upload(TestArchives.tarGz("retail.tgz", TestArchives.retail()), "k".repeat(256), "retail");
        response.then().statusCode(400).contentType("application/problem+json");
        assertThat((List<String>) response.path("errors.field")).containsExactly("Idempotency-Key");
    }

    private static Response upload(Path archive, String key, String scenario) {
        return given()
                .header("Idempotency-Key", key)
                .multiPart("archive", archive.toFile())
                .multiPart("scenarioName", scenario)
                .multiPart("workspace", "idempotency-ws")
                .when().post("/api/v1/uploads");
    }

    private static Response deploy(Path archive, String key) {
        return given()
                .header("Idempotency-Key", key)
                .multiPart("archive", archive.toFile())
                .multiPart("workspace", "idempotency-ws")
                .multiPart("modelName", "Mini")
                .multiPart("mode", "dev")
                .when().post("/api/v1/deployments");
    }
}
