package io.weft.fabric.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deployment pipelines as a promotion uses them: what a deploy copies and pairs, its execution plan, a partial
 * failure, the API's refusals, and the request log that proves what a client did. ContractTest replays the examples.
 */
class DeploymentPipelinesTest {

    static FabricEmulator emulator;
    static EmulatorClients clients;

    @BeforeAll
    static void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().operationDuration(Duration.ofMillis(50)).retryAfterSeconds(0));
        clients = new EmulatorClients(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void noFaults() {
        emulator.admin().clearFaults();
    }

    record Pipeline(String id, List<String> stages, String dev, String test) {
    }

    static Pipeline pipeline() {
        var created = clients.fabric("POST", "/deploymentPipelines", Map.of("displayName", "p-" + UUID.randomUUID(),
                "stages", List.of(Map.of("displayName", "Development"), Map.of("displayName", "Test"), Map.of("displayName", "Production"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        List<String> stages = new ArrayList<>();
        created.json().path("stages").forEach(s -> stages.add(s.path("id").asText()));
        String id = created.json().path("id").asText();
        String dev = emulator.admin().createWorkspace("dev-" + UUID.randomUUID());
        String test = emulator.admin().createWorkspace("test-" + UUID.randomUUID());
        assign(id, stages.get(0), dev);
        assign(id, stages.get(1), test);
        return new Pipeline(id, stages, dev, test);
    }

    static void assign(String pipeline, String stage, String workspace) {
        var assigned = clients.fabric("POST", "/deploymentPipelines/" + pipeline + "/stages/" + stage + "/assignWorkspace", Map.of("workspaceId", workspace));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
    }

    static EmulatorClients.Response deploy(Pipeline p, Object items) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("sourceStageId", p.stages().get(0), "targetStageId", p.stages().get(1), "note", "release"));
        if (items != null) {
            body.put("items", items);
        }
        return clients.fabric("POST", "/deploymentPipelines/" + p.id() + "/deploy", body);
    }

    static JsonNode deployed(Pipeline p, EmulatorClients.Response accepted) {
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.header("deployment-id")).isNotEqualTo(accepted.header("x-ms-operation-id"));
        FabricRestTestSupport.awaitOperation(emulator, clients, accepted);
        return clients.fabric("GET", "/deploymentPipelines/" + p.id() + "/operations/" + accepted.header("deployment-id"), null).json();
    }

    static List<String> diffStates(JsonNode deployment) {
        List<String> states = new ArrayList<>();
        deployment.path("executionPlan").path("steps").forEach(s -> states.add(s.path("sourceAndTarget").path("sourceItemDisplayName").asText()
                + ":" + s.path("preDeploymentDiffState").asText() + ":" + s.path("status").asText()));
        return states;
    }

    @Test
    void aDeployCopiesNewItemsThenUpdatesThePairedOnesAndSaysWhichDiffered() {
        Pipeline p = pipeline();
        String sales = emulator.admin().createSemanticModel(p.dev(), "Sales", "Orders");
        emulator.admin().createSemanticModel(p.dev(), "Finance", "Ledger");

        JsonNode first = deployed(p, deploy(p, null));
        assertThat(first.path("status").asText()).isEqualTo("Succeeded");
        assertThat(diffStates(first)).containsExactly("Sales:New:Succeeded", "Finance:New:Succeeded");
        assertThat(first.path("preDeploymentDiffInformation").path("newItemsCount").asInt()).isEqualTo(2);
        JsonNode testModels = clients.fabric("GET", "/workspaces/" + p.test() + "/semanticModels", null).json().path("value");
        assertThat(testModels).extracting(m -> m.path("displayName").asText()).containsExactly("Sales", "Finance");
        String testSales = testModels.get(0).path("id").asText();

        // change Sales in dev only: the next deploy of both finds one different, one the same
        var update = clients.fabric("POST", "/workspaces/" + p.dev() + "/semanticModels/" + sales + "/updateDefinition",
                Map.of("definition", Map.of("parts", List.of(part("definition.pbism", "{\"version\":\"4.0\",\"settings\":{}}"),
                        part("definition/model.tmdl", "model Model\n\tculture: de-DE\n")))));
        assertThat(update.status()).isBetween(200, 202);
        if (update.status() == 202) {
            FabricRestTestSupport.awaitOperation(emulator, clients, update);
        }
        JsonNode second = deployed(p, deploy(p, null));
        assertThat(diffStates(second)).containsExactly("Sales:Different:Succeeded", "Finance:NoDifference:Succeeded");
        assertThat(clients.fabric("GET", "/workspaces/" + p.test() + "/semanticModels", null).json().path("value"))
                .as("the paired items were updated, not created again").hasSize(2);
        assertThat(definitionText(p.test(), testSales)).contains("de-DE");

        JsonNode items = clients.fabric("GET", "/deploymentPipelines/" + p.id() + "/stages/" + p.stages().get(1) + "/items", null).json().path("value");
        JsonNode testSalesItem = items.get(0);
        assertThat(testSalesItem.path("itemId").asText()).isEqualTo(testSales);
        assertThat(testSalesItem.path("sourceItemId").asText()).isEqualTo(sales);
        assertThat(testSalesItem.path("lastDeploymentTime").asText()).isNotBlank();
        JsonNode devItems = clients.fabric("GET", "/deploymentPipelines/" + p.id() + "/stages/" + p.stages().get(0) + "/items", null).json().path("value");
        assertThat(devItems.get(0).path("targetItemId").asText()).isEqualTo(testSales);
    }

    @Test
    void anItemThatFailsIsReportedWithItsErrorAndTheOthersStillDeploy() {
        Pipeline p = pipeline();
        emulator.admin().createSemanticModel(p.dev(), "Sales", "Orders");
        emulator.admin().createSemanticModel(p.dev(), "Finance", "Ledger");
        emulator.admin().addFault(Fault.operationFailure("DeployItem:Finance", "ItemDeploymentFailed", "The data source is unreachable"));

        var accepted = deploy(p, null);
        JsonNode state = FabricRestTestSupport.awaitOperation(emulator, clients, accepted);
        assertThat(state.path("status").asText()).isEqualTo("Failed");
        assertThat(state.path("error").path("errorCode").asText()).isEqualTo("DeploymentOperationFailed");
        assertThat(state.path("error").path("moreDetails").get(0).path("message").asText())
                .isEqualTo("SemanticModel 'Finance': The data source is unreachable");
        JsonNode deployment = clients.fabric("GET", "/deploymentPipelines/" + p.id() + "/operations/" + accepted.header("deployment-id"), null).json();
        assertThat(deployment.path("status").asText()).isEqualTo("Failed");
        assertThat(diffStates(deployment)).containsExactly("Sales:New:Succeeded", "Finance:New:Failed");
        assertThat(deployment.path("executionPlan").path("steps").get(1).path("error").path("errorCode").asText()).isEqualTo("ItemDeploymentFailed");
        assertThat(clients.fabric("GET", "/workspaces/" + p.test() + "/semanticModels", null).json().path("value"))
                .extracting(m -> m.path("displayName").asText()).containsExactly("Sales");
    }

    @Test
    void theApiRefusesWhatFabricRefuses() {
        Pipeline p = pipeline();
        String sales = emulator.admin().createSemanticModel(p.dev(), "Sales", "Orders");
        List<Map<String, String>> tooMany = new ArrayList<>();
        for (int i = 0; i < 301; i++) {
            tooMany.add(Map.of("sourceItemId", UUID.randomUUID().toString(), "itemType", "SemanticModel"));
        }
        assertThat(code(deploy(p, tooMany))).isEqualTo("NumberOfItemsInDeployRequestExceededLimit");
        assertThat(code(deploy(p, List.of(Map.of("sourceItemId", sales, "itemType", "SemanticModel"), Map.of("sourceItemId", sales, "itemType", "SemanticModel")))))
                .isEqualTo("DuplicateSourceObjectIds");
        assertThat(code(deploy(p, List.of()))).isEqualTo("NoItemsToDeploy");
        var fromEmptyStage = clients.fabric("POST", "/deploymentPipelines/" + p.id() + "/deploy",
                Map.of("sourceStageId", p.stages().get(1), "targetStageId", p.stages().get(0)));
        assertThat(code(fromEmptyStage)).as("backwards only into an empty stage").isEqualTo("InvalidDeploymentOperationRequest");
        var noWorkspace = clients.fabric("POST", "/deploymentPipelines/" + p.id() + "/deploy",
                Map.of("sourceStageId", p.stages().get(0), "targetStageId", p.stages().get(2)));
        assertThat(code(noWorkspace)).isEqualTo("DeploymentPipelineStageHasNoAssignedWorkspace");
        var again = clients.fabric("POST", "/deploymentPipelines/" + p.id() + "/stages/" + p.stages().get(2) + "/assignWorkspace",
                Map.of("workspaceId", p.dev()));
        assertThat(code(again)).as("a workspace is in one stage at most").isEqualTo("WorkspaceAlreadyAssignedToStage");
        assertThat(clients.fabric("GET", "/deploymentPipelines/" + UUID.randomUUID(), null).status()).isEqualTo(404);
    }

    @Test
    void theRequestLogShowsWhatAClientDidAndNothingOfTheAdminApi() {
        String ws = emulator.admin().createWorkspace("log-" + UUID.randomUUID());
        // every earlier request was logged before its answer went out, so none can arrive after this
        emulator.admin().clearRequests();
        clients.fabric("GET", "/workspaces/" + ws, null);
        int created = clients.fabric("POST", "/workspaces/" + ws + "/lakehouses", Map.of("displayName", "Logged")).status();
        var overHttp = clients.send("GET", emulator.baseUrl() + "/_emulator/requests", null, null).json();

        assertThat(emulator.admin().requests()).extracting(e -> e.method() + " " + e.path() + " " + e.status())
                .containsExactly("GET /v1/workspaces/" + ws + " 200", "POST /v1/workspaces/" + ws + "/lakehouses " + created);
        assertThat(emulator.admin().requests()).filteredOn(e -> e.isWrite()).hasSize(1);
        assertThat(overHttp).hasSize(2);
    }

    static String code(EmulatorClients.Response r) {
        assertThat(r.status()).as(r.toString()).isGreaterThanOrEqualTo(400);
        return r.json().path("errorCode").asText();
    }

    static Map<String, String> part(String path, String text) {
        return Map.of("path", path, "payload", java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "payloadType", "InlineBase64");
    }

    static String definitionText(String ws, String model) {
        var got = clients.fabric("POST", "/workspaces/" + ws + "/semanticModels/" + model + "/getDefinition", null);
        if (got.status() == 202) {
            FabricRestTestSupport.awaitOperation(emulator, clients, got);
            got = clients.fabric("GET", "/operations/" + got.header("x-ms-operation-id") + "/result", null);
        }
        JsonNode definition = got.json();
        StringBuilder text = new StringBuilder();
        definition.path("definition").path("parts").forEach(pt -> text.append(new String(java.util.Base64.getDecoder().decode(pt.path("payload").asText()))));
        return text.toString();
    }
}
