package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.command.FailurePolicy;
import io.weft.contracts.command.ProvisionWorkspace;
import io.weft.contracts.principals.PrincipalsParser;
import io.weft.gateway.support.CommandRecords;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.weft.gateway.support.Authorized.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(EntraResource.class)
class WorkspaceResourceTest {

    /** The demo's principals file. */
    private static final Path PRINCIPALS = Path.of("..", "examples", "workspaces", "sales", "principals.csv");

    @Test
    void multipartWithThePrincipalsFileBecomesAWorkspaceCommand() throws IOException {
        Response response = given()
                .multiPart("principals", PRINCIPALS.toFile(), "text/csv")
                .multiPart("workspace", "Sales Analytics")
                .multiPart("capacity", "F4 Capacity")
                .multiPart("lakehousePrefix", "sales_")
                .when().post("/api/v1/workspaces");

        response.then().statusCode(202);
        assertThat((String) response.path("kind")).isEqualTo("workspace");
        assertThat((Integer) response.path("manifest.principals")).isEqualTo(4);
        assertThat((List<String>) response.path("manifest.lakehouses")).containsExactly("sales_bronze", "sales_silver", "sales_gold");
        ProvisionWorkspace command = decode(response.path("jobId"), "Sales Analytics");
        assertThat(command.capacity()).isEqualTo("F4 Capacity");
        assertThat(command.principalsFile().fileName()).isEqualTo("principals.csv");
        assertThat(command.principalsFile().content()).isEqualTo(Files.readString(PRINCIPALS));
        assertThat(command.lakehouseSet().displayNames()).containsExactly("sales_bronze", "sales_silver", "sales_gold");
        assertThat(command.failurePolicy()).isEqualTo(FailurePolicy.ROLLBACK);
        assertThat(new PrincipalsParser(10).parse(command.principals(), command.principalsFile())).hasSize(4);
    }

    @Test
    void jsonWithInlinePrincipalsBecomesAWorkspaceCommand() {
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("workspace", "Finance", "onFailure", "keep",
                        "principals", List.of(Map.of("principalId", "8c1f6b2a-5d3e-4f7a-9b0c-1d2e3f4a5b6c", "role", "viewer", "type", "group")),
                        "lakehouses", Map.of("names", List.of("raw", "curated"))))
                .when().post("/api/v1/workspaces");

        response.then().statusCode(202);
        ProvisionWorkspace command = decode(response.path("jobId"), "Finance");
        assertThat(command.principals()).hasSize(1);
        assertThat(command.principalsFile()).isNull();
        assertThat(command.failurePolicy()).isEqualTo(FailurePolicy.KEEP);
        assertThat(command.lakehouseSet().displayNames()).containsExactly("raw", "curated");
    }

    @Test
    void aBadPrincipalsFileIsRefusedWithEveryProblemAndItsLine() {
        String csv = """
                principal_id,role,description,type
                not-a-guid,Admin,,User
                8c1f6b2a-5d3e-4f7a-9b0c-1d2e3f4a5b6c,Owner,,Robot
                8c1f6b2a-5d3e-4f7a-9b0c-1d2e3f4a5b6c,Viewer,,User
                2f3e4d5c-6b7a-4891-a2b3-c4d5e6f7a8b9,Viewer,,Group
                2f3e4d5c-6b7a-4891-a2b3-c4d5e6f7a8b9,Admin,,Group
                """;

        Response response = given()
                .multiPart("principals", "team.csv", csv.getBytes(), "text/csv")
                .multiPart("workspace", "Sales")
                .multiPart("onFailure", "ignore")
                .when().post("/api/v1/workspaces");

        response.then().statusCode(422).contentType("application/problem+json");
        assertThat((String) response.path("title")).isEqualTo("The workspace request is not valid");
        List<String> details = response.path("errors.detail");
        assertThat(details).containsExactly(
                "onFailure 'ignore' is not rollback or keep",
                "team.csv line 2: principal_id 'not-a-guid' is not a GUID",
                "team.csv line 3: role 'Owner' is not one of [Admin, Contributor, Member, Viewer]",
                "team.csv line 3: type 'Robot' is not one of [Group, ServicePrincipal, ServicePrincipalProfile, User]",
                "team.csv line 6: principal 2f3e4d5c-6b7a-4891-a2b3-c4d5e6f7a8b9 is given the role Admin here and Viewer at team.csv line 5");
        assertThat((List<String>) response.path("errors.entry")).contains("team.csv");
        assertThat((List<String>) response.path("errors.rule")).contains(io.weft.gateway.service.WorkspaceService.PRINCIPAL_INVALID);
    }

    @Test
    void anEmptyFileAndAMissingWorkspaceAreBothListed() {
        Response response = given()
                .multiPart("principals", "empty.csv", new byte[0], "text/csv")
                .when().post("/api/v1/workspaces");

        response.then().statusCode(422);
        assertThat((List<String>) response.path("errors.detail")).containsExactly(
                "workspace is required (a GUID or a display name)",
                "empty.csv: the file is empty: expected the header principal_id,role,description,type and at least one principal");
    }

    private static ProvisionWorkspace decode(String jobId, String workspace) {
        List<ConsumerRecord<String, byte[]>> records = CommandRecords.forJob(Topics.PROVISION_COMMANDS, jobId);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(record.key()).isEqualTo(workspace);
        assertThat(CommandRecords.header(record, "ce_type")).isEqualTo(MessageType.PROVISION_WORKSPACE.ceType());
        return ContractCodec.get().decode(CommandRecords.header(record, "ce_type"), record.value(), ProvisionWorkspace.class);
    }
}
