package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.command.ItemJobParameter;
import io.weft.contracts.command.RunItemJob;
import io.weft.gateway.support.CommandRecords;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.weft.gateway.support.Authorized.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(EntraResource.class)
class RunResourceTest {

    @Test
    void aValidRunBecomesARunItemJobCommandOnTheProvisionTopic() {
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("workspace", "Finance", "itemName", "nightly_load", "itemType", "DataPipeline",
                        "parameters", List.of(Map.of("name", "OrderKey", "type", "Integer", "value", 25)), "budgetSeconds", 600))
                .when().post("/api/v1/runs");

        response.then().statusCode(202);
        assertThat((String) response.path("kind")).isEqualTo("item-job");
        assertThat((String) response.path("manifest.jobType")).isEqualTo("Pipeline");
        assertThat(response.header("Location")).endsWith("/api/v1/jobs/" + response.path("jobId"));
        List<ConsumerRecord<String, byte[]>> records = CommandRecords.forJob(Topics.PROVISION_COMMANDS, response.path("jobId"));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("Finance");
        assertThat(CommandRecords.header(records.get(0), "ce_type")).isEqualTo(MessageType.RUN_ITEM_JOB.ceType());
        RunItemJob command = ContractCodec.get().decode(MessageType.RUN_ITEM_JOB.ceType(), records.get(0).value(), RunItemJob.class);
        assertThat(command.itemName()).isEqualTo("nightly_load");
        assertThat(command.itemId()).isNull();
        assertThat(command.parameters()).containsExactly(new ItemJobParameter("OrderKey", "Integer", 25));
        assertThat(command.budgetSeconds()).isEqualTo(600L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyProblemIsListedAndNothingIsPublished() {
        String workspace = "ws-" + UUID.randomUUID();
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("workspace", workspace, "itemType", "Notebook", "jobType", "sparkjob", "budgetSeconds", 0,
                        "parameters", List.of(Map.of("name", "when", "type", "DateTime", "value", "soon"),
                                Map.of("name", "nested", "type", "Automatic", "value", Map.of("a", 1)))))
                .when().post("/api/v1/runs");

        response.then().statusCode(422).contentType("application/problem+json");
        assertThat((String) response.path("title")).isEqualTo("The run request is not valid");
        assertThat((List<Map<String, String>>) response.path("errors")).extracting(e -> e.get("field"))
                .containsExactly("budgetSeconds", "jobType", "itemName", "parameters[0]", "parameters[1]");
        assertThat((List<Map<String, String>>) response.path("errors")).extracting(e -> e.get("detail")).contains(
                "parameters[0]: 'when': a DateTime value must be an ISO-8601 date-time, not 'soon'",
                "parameters[1]: 'nested': the value must be a string, a number or a boolean");
        assertThat(CommandRecords.all(Topics.PROVISION_COMMANDS)).noneMatch(r -> workspace.equals(r.key()));
    }
}
