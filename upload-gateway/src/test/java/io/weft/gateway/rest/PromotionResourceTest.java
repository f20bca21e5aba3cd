package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.PromoteStage;
import io.weft.contracts.command.Requester;
import io.weft.gateway.support.CommandRecords;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.entra.TestClient;
import io.weft.testsupport.kafka.KafkaResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.weft.gateway.support.Authorized.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(EntraResource.class)
class PromotionResourceTest {

    @Test
    void aPromotionBecomesAStagePromotionCommandKeyedByItsPipeline() {
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("pipeline", "Sales Release", "sourceStage", "dev", "targetStage", "qa",
                        "items", List.of(Map.of("itemType", "SemanticModel", "name", "Sales")), "note", "release 12"))
                .when().post("/api/v1/promotions");

        response.then().statusCode(202);
        assertThat((String) response.path("kind")).isEqualTo("stage-promotion");
        assertThat(response.header("Location")).endsWith("/api/v1/jobs/" + response.path("jobId"));
        List<ConsumerRecord<String, byte[]>> records = CommandRecords.forJob(Topics.DEPLOY_COMMANDS, response.path("jobId"));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("pipeline:Sales Release");
        assertThat(CommandRecords.header(records.get(0), "ce_type")).isEqualTo(MessageType.PROMOTE_STAGE.ceType());
        PromoteStage command = ContractCodec.get().decode(MessageType.PROMOTE_STAGE.ceType(), records.get(0).value(), PromoteStage.class);
        assertThat(command.items()).containsExactly(new PromoteStage.PromotedItem("SemanticModel", "Sales"));
        assertThat(command.note()).isEqualTo("release 12");
        assertThat(command.plan()).isFalse();
        assertThat(command.requestedBy()).as("who asked, from the token").isEqualTo(new Requester(
                UUID.nameUUIDFromBytes(TestClient.ADMIN.clientId().getBytes(StandardCharsets.UTF_8)).toString(),
                TestClient.ADMIN.clientId(), Requester.SERVICE_PRINCIPAL));
    }

    @Test
    void anIdempotencyKeyIsItsCallersOwn() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("pipeline", "Sales Release", "sourceStage", "dev", "targetStage", "qa");
        Response first = io.weft.gateway.support.Authorized.as(TestClient.SUBMITTER).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body).when().post("/api/v1/promotions");
        Response again = io.weft.gateway.support.Authorized.as(TestClient.SUBMITTER).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body).when().post("/api/v1/promotions");
        Response someoneElse = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post("/api/v1/promotions");

        first.then().statusCode(202);
        again.then().statusCode(202);
        assertThat((String) again.path("jobId")).isEqualTo(first.path("jobId"));
        someoneElse.then().statusCode(202);
        assertThat((String) someoneElse.path("jobId")).as("another caller's key is another key").isNotEqualTo(first.path("jobId"));
    }

    @Test
    void planTrueAsksForADryRun() {
        Response response = given().contentType(ContentType.JSON).queryParam("plan", true)
                .body(Map.of("pipeline", "Sales Release", "sourceStage", "qa", "targetStage", "prod"))
                .when().post("/api/v1/promotions");

        response.then().statusCode(202);
        assertThat((Boolean) response.path("manifest.plan")).isTrue();
        PromoteStage command = ContractCodec.get().decode(MessageType.PROMOTE_STAGE.ceType(),
                CommandRecords.forJob(Topics.DEPLOY_COMMANDS, response.path("jobId")).get(0).value(), PromoteStage.class);
        assertThat(command.plan()).isTrue();
        assertThat(command.items()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyProblemIsListedAndNothingIsPublished() {
        String pipeline = "p-" + UUID.randomUUID();
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("pipeline", pipeline, "sourceStage", "qa", "targetStage", "QA", "note", "x".repeat(1025),
                        "items", List.of(Map.of("itemType", "Semantic Model", "name", "Sales"), Map.of("itemType", "Report"))))
                .when().post("/api/v1/promotions");

        response.then().statusCode(422).contentType("application/problem+json");
        assertThat((String) response.path("title")).isEqualTo("The promotion request is not valid");
        assertThat((List<Map<String, String>>) response.path("errors")).extracting(e -> e.get("field"))
                .containsExactlyInAnyOrder("targetStage", "note", "items[0].itemType", "items[1].name");
        assertThat(CommandRecords.all(Topics.DEPLOY_COMMANDS)).noneMatch(r -> ("pipeline:" + pipeline).equals(r.key()));
    }

    @Test
    void aDeploymentPlanIsAskedForWithPlanTrue() {
        String pbism = Base64.getEncoder().encodeToString("{\"version\":\"4.0\",\"settings\":{}}".getBytes(StandardCharsets.UTF_8));
        String model = Base64.getEncoder().encodeToString("model Model\n\tculture: en-US\n".getBytes(StandardCharsets.UTF_8));
        String database = Base64.getEncoder().encodeToString("database\n\tcompatibilityLevel: 1561\n".getBytes(StandardCharsets.UTF_8));
        String table = Base64.getEncoder().encodeToString("table Sales\n\tcolumn Amount\n\t\tdataType: decimal\n".getBytes(StandardCharsets.UTF_8));
        Response response = given().contentType(ContentType.JSON).queryParam("plan", "true")
                .body(Map.of("workspace", "Finance", "modelName", "Sales", "mode", "prod",
                        "parts", List.of(Map.of("path", "definition.pbism", "payload", pbism),
                                Map.of("path", "definition/model.tmdl", "payload", model),
                                Map.of("path", "definition/database.tmdl", "payload", database),
                                Map.of("path", "definition/tables/Sales.tmdl", "payload", table))))
                .when().post("/api/v1/deployments");

        response.then().statusCode(202);
        DeploySemanticModel command = ContractCodec.get().decode(MessageType.DEPLOY_SEMANTIC_MODEL.ceType(),
                CommandRecords.forJob(Topics.DEPLOY_COMMANDS, response.path("jobId")).get(0).value(), DeploySemanticModel.class);
        assertThat(command.plan()).isTrue();
    }
}
