package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.RefreshSemanticModel;
import io.weft.contracts.command.SemanticModelRefreshOptions;
import io.weft.gateway.support.CommandRecords;
import io.weft.testsupport.entra.EntraResource;
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
class RefreshResourceTest {

    @Test
    void aValidRefreshBecomesARefreshCommandOnTheDeployTopic() {
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("workspace", "Finance", "modelName", "Sales", "refresh", Map.of("type", "Full", "maxParallelism", 2,
                        "objects", List.of(Map.of("table", "Customers"), Map.of("table", "Orders", "partition", "Orders-2026")),
                        "budgetSeconds", 900)))
                .when().post("/api/v1/refreshes");

        response.then().statusCode(202);
        assertThat((String) response.path("kind")).isEqualTo("semantic-model-refresh");
        assertThat((String) response.path("manifest.refresh")).isEqualTo("enhanced");
        assertThat(response.header("Location")).endsWith("/api/v1/jobs/" + response.path("jobId"));
        List<ConsumerRecord<String, byte[]>> records = CommandRecords.forJob(Topics.DEPLOY_COMMANDS, response.path("jobId"));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("Finance");
        assertThat(CommandRecords.header(records.get(0), "ce_type")).isEqualTo(MessageType.REFRESH_SEMANTIC_MODEL.ceType());
        RefreshSemanticModel command = ContractCodec.get().decode(MessageType.REFRESH_SEMANTIC_MODEL.ceType(), records.get(0).value(),
                RefreshSemanticModel.class);
        assertThat(command.modelName()).isEqualTo("Sales");
        assertThat(command.options().objects()).containsExactly(new SemanticModelRefreshOptions.RefreshObject("Customers", null),
                new SemanticModelRefreshOptions.RefreshObject("Orders", "Orders-2026"));
        assertThat(command.options().budgetSeconds()).isEqualTo(900L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyProblemIsListedAndNothingIsPublished() {
        String workspace = "ws-" + UUID.randomUUID();
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("workspace", workspace, "modelId", "not-a-guid", "refresh", Map.of("type", "Everything",
                        "timeout", "99:00:00", "maxParallelism", 0)))
                .when().post("/api/v1/refreshes");

        response.then().statusCode(422).contentType("application/problem+json");
        assertThat((String) response.path("title")).isEqualTo("The refresh request is not valid");
        assertThat((List<Map<String, String>>) response.path("errors")).extracting(e -> e.get("field"))
                .contains("modelId", "refresh.type", "refresh.timeout", "refresh.maxParallelism");
        assertThat(CommandRecords.all(Topics.DEPLOY_COMMANDS)).noneMatch(r -> workspace.equals(r.key()));
    }

    @Test
    void aDeploymentMayAskForARefreshAfterIt() {
        String pbism = Base64.getEncoder().encodeToString("{\"version\":\"4.0\",\"settings\":{}}".getBytes(StandardCharsets.UTF_8));
        String model = Base64.getEncoder().encodeToString("model Model\n\tculture: en-US\n".getBytes(StandardCharsets.UTF_8));
        String database = Base64.getEncoder().encodeToString("database\n\tcompatibilityLevel: 1561\n".getBytes(StandardCharsets.UTF_8));
        String table = Base64.getEncoder().encodeToString("table Sales\n\tcolumn Amount\n\t\tdataType: decimal\n".getBytes(StandardCharsets.UTF_8));
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("workspace", "Finance", "modelName", "Sales", "mode", "prod", "confirmOverwrite", true,
                        "parts", List.of(Map.of("path", "definition.pbism", "payload", pbism),
                                Map.of("path", "definition/model.tmdl", "payload", model),
                                Map.of("path", "definition/database.tmdl", "payload", database),
                                Map.of("path", "definition/tables/Sales.tmdl", "payload", table)),
                        "refreshAfterDeploy", Map.of("type", "Full", "budgetSeconds", 1200)))
                .when().post("/api/v1/deployments");

        response.then().statusCode(202);
        ConsumerRecord<String, byte[]> record = CommandRecords.forJob(Topics.DEPLOY_COMMANDS, response.path("jobId")).get(0);
        DeploySemanticModel command = ContractCodec.get().decode(MessageType.DEPLOY_SEMANTIC_MODEL.ceType(), record.value(),
                DeploySemanticModel.class);
        assertThat(command.refreshAfterDeploy()).isEqualTo(new SemanticModelRefreshOptions(null, "Full", null, null, null, null, null, 1200L));

        Response refused = given().contentType(ContentType.JSON)
                .body(Map.of("workspace", "Finance", "modelName", "Sales", "mode", "prod",
                        "parts", List.of(Map.of("path", "definition.pbism", "payload", pbism)),
                        "refreshAfterDeploy", Map.of("standard", true, "type", "Full")))
                .when().post("/api/v1/deployments");
        refused.then().statusCode(422);
        assertThat((List<Map<String, String>>) refused.path("errors")).extracting(e -> e.get("field")).contains("refreshAfterDeploy");
    }
}
