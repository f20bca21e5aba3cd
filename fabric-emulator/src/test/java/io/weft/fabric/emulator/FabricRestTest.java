package io.weft.fabric.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Fabric REST surface: workspaces, items, lakehouses, semantic models, ontologies, graph models, operations. */
class FabricRestTest {

    static FabricEmulator emulator;
    static EmulatorClients clients;

    @BeforeAll
    static void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().pageSize(2).operationDuration(Duration.ofMillis(300)).retryAfterSeconds(0));
        clients = new EmulatorClients(emulator);
        // this class follows every create through its operation; CreateStatusTest covers Fabric's per-type rule
        emulator.admin().longRunningOperations(true);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void lroBackOn() {
        emulator.admin().longRunningOperations(true);
    }

    static String workspace() {
        var created = clients.fabric("POST", "/workspaces", Map.of("displayName", "ws-" + UUID.randomUUID()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    /** Polls an operation's Location until it ends; returns the final OperationState. */
    static JsonNode awaitOperation(EmulatorClients.Response accepted) {
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String location = accepted.header("Location");
        assertThat(location).startsWith(emulator.operationsApiUrl() + "/operations/").endsWith(accepted.header("x-ms-operation-id"));
        assertThat(accepted.header("Retry-After")).isNotNull();
        AtomicReference<JsonNode> state = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            var poll = clients.fabric("GET", location, null);
            assertThat(poll.status()).isEqualTo(200);
            state.set(poll.json());
            return !java.util.Set.of("NotStarted", "Running").contains(poll.json().path("status").asText());
        });
        return state.get();
    }

    static ObjectNode part(String path, String content) {
        ObjectNode part = EmulatorClients.JSON.createObjectNode();
        part.put("path", path).put("payload", Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8))).put("payloadType", "InlineBase64");
        return part;
    }

    static ObjectNode definition(ObjectNode... parts) {
        ObjectNode definition = EmulatorClients.JSON.createObjectNode();
        var array = definition.putArray("parts");
        for (ObjectNode p : parts) {
            array.add(p);
        }
        return definition;
    }

    static ObjectNode tmdlModel() {
        return definition(part("definition.pbism", "{\"version\":\"4.0\",\"settings\":{}}"),
                part("definition/database.tmdl", "database\n\tcompatibilityLevel: 1550"),
                part("definition/model.tmdl", "model Model\n\tculture: en-US"));
    }

    @Test
    void workspacesAreCreatedListedInPagesAndFetched() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(workspace());
        }
        var duplicate = clients.fabric("GET", "/workspaces/" + ids.get(0), null);
        var again = clients.fabric("POST", "/workspaces", Map.of("displayName", duplicate.json().path("displayName").asText().toUpperCase()));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("errorCode").asText()).isEqualTo("WorkspaceNameAlreadyExists");

        List<String> seen = new ArrayList<>();
        String next = "/workspaces";
        int pages = 0;
        while (next != null) {
            var page = clients.fabric("GET", next, null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().path("value").size()).isLessThanOrEqualTo(2);
            page.json().path("value").forEach(w -> seen.add(w.path("id").asText()));
            next = page.json().has("continuationUri") ? page.json().path("continuationUri").asText() : null;
            if (next != null) {
                assertThat(page.json().path("continuationToken").asText()).isNotBlank();
            } else {
                assertThat(page.json().has("continuationToken")).isFalse();
            }
            pages++;
        }
        assertThat(seen).containsAll(ids).doesNotHaveDuplicates();
        assertThat(pages).isGreaterThanOrEqualTo(2);

        var info = clients.fabric("GET", "/workspaces/" + ids.get(0), null);
        assertThat(info.json().path("type").asText()).isEqualTo("Workspace");
        assertThat(info.json().path("oneLakeEndpoints").path("dfsEndpoint").asText()).isEqualTo(emulator.oneLakeUrl());

        var missing = clients.fabric("GET", "/workspaces/" + UUID.randomUUID(), null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("x-ms-public-api-error-code")).isEqualTo("WorkspaceNotFound");
        assertThat(missing.json().path("requestId").asText()).isEqualTo(missing.header("RequestId"));

        var badToken = clients.fabric("GET", "/workspaces?continuationToken=garbage!", null);
        assertThat(badToken.status()).isEqualTo(400);
        assertThat(badToken.json().path("errorCode").asText()).isEqualTo("InvalidContinuationToken");
    }

    @Test
    void lakehouseCreateIsALongRunningOperationAndItsSqlEndpointProvisions() {
        String ws = workspace();
        var accepted = clients.fabric("POST", "/workspaces/" + ws + "/lakehouses", Map.of("displayName", "Sales"));
        assertThat(accepted.raw().body()).as("Fabric's 202 body is the JSON literal null").isEqualTo("null");
        JsonNode state = awaitOperation(accepted);
        assertThat(state.path("status").asText()).isEqualTo("Succeeded");
        assertThat(state.path("percentComplete").asInt()).isEqualTo(100);
        assertThat(state.path("createdTimeUtc").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}");

        var done = clients.fabric("GET", "/operations/" + accepted.header("x-ms-operation-id"), null);
        assertThat(done.header("Location")).endsWith("/result");
        assertThat(done.header("Retry-After")).isNull();
        var result = clients.fabric("GET", done.header("Location"), null);
        assertThat(result.status()).isEqualTo(200);
        String id = result.json().path("id").asText();
        assertThat(result.json().path("type").asText()).isEqualTo("Lakehouse");

        JsonNode lakehouse = clients.fabric("GET", "/workspaces/" + ws + "/lakehouses/" + id, null).json();
        assertThat(lakehouse.path("properties").path("oneLakeFilesPath").asText()).isEqualTo(emulator.oneLakeUrl() + "/" + ws + "/" + id + "/Files");
        assertThat(lakehouse.path("properties").path("oneLakeTablesPath").asText()).isEqualTo(emulator.oneLakeUrl() + "/" + ws + "/" + id + "/Tables");
        await().atMost(Duration.ofSeconds(10)).until(() -> clients.fabric("GET", "/workspaces/" + ws + "/lakehouses/" + id, null).json()
                .path("properties").path("sqlEndpointProperties").path("provisioningStatus").asText().equals("Success"));

        var items = clients.fabric("GET", "/workspaces/" + ws + "/items", null).json();
        assertThat(items.path("value").findValuesAsText("type")).containsExactlyInAnyOrder("Lakehouse", "SQLEndpoint");
        var onlyLakehouses = clients.fabric("GET", "/workspaces/" + ws + "/items?type=Lakehouse", null).json();
        assertThat(onlyLakehouses.path("value").findValuesAsText("type")).containsExactly("Lakehouse");

        var sameName = clients.fabric("POST", "/workspaces/" + ws + "/lakehouses", Map.of("displayName", "SALES"));
        assertThat(sameName.status()).isEqualTo(409);
        assertThat(sameName.header("x-ms-public-api-error-code")).isEqualTo("ItemDisplayNameAlreadyInUse");
        assertThat(sameName.json().path("errorCode").asText()).isEqualTo("ItemDisplayNameAlreadyInUse");

        var noResult = clients.fabric("GET", "/operations/" + UUID.randomUUID(), null);
        assertThat(noResult.status()).isEqualTo(404);
    }

    @Test
    void fastPathAnswers201WithTheItem() {
        emulator.admin().longRunningOperations(false);
        String ws = workspace();
        var created = clients.fabric("POST", "/workspaces/" + ws + "/items", Map.of("displayName", "Fast", "type", "Lakehouse"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("displayName").asText()).isEqualTo("Fast");
        assertThat(created.header("Location")).as("Fabric's 201 has no Location").isNull();
        assertThat(created.header("ETag")).matches("\"[0-9a-f]+\"");
        var fetched = clients.fabric("GET", "/workspaces/" + ws + "/items/" + created.json().path("id").asText(), null);
        assertThat(fetched.header("ETag")).matches("\"[0-9a-f]+\"");

        var model = clients.fabric("POST", "/workspaces/" + ws + "/semanticModels", Map.of("displayName", "Model", "definition", tmdlModel()));
        assertThat(model.status()).isEqualTo(201);
        String modelId = model.json().path("id").asText();
        var definition = clients.fabric("POST", "/workspaces/" + ws + "/semanticModels/" + modelId + "/getDefinition", null);
        assertThat(definition.status()).isEqualTo(200);
        assertThat(definition.json().path("definition").path("parts").findValuesAsText("path")).contains("definition.pbism", "definition/model.tmdl");
        var update = clients.fabric("POST", "/workspaces/" + ws + "/semanticModels/" + modelId + "/updateDefinition?updateMetadata=true",
                Map.of("definition", tmdlModel()));
        assertThat(update.status()).isEqualTo(200);
    }

    @Test
    void schemaEnabledLakehousesRejectTableCalls() {
        String ws = workspace();
        var created = clients.fabric("POST", "/workspaces/" + ws + "/lakehouses",
                Map.of("displayName", "WithSchemas", "creationPayload", Map.of("enableSchemas", true)));
        String id = clients.fabric("GET", awaitResultLocation(created), null).json().path("id").asText();
        var lakehouse = clients.fabric("GET", "/workspaces/" + ws + "/lakehouses/" + id, null).json();
        assertThat(lakehouse.path("properties").path("defaultSchema").asText()).isEqualTo("dbo");
        var tables = clients.fabric("GET", "/workspaces/" + ws + "/lakehouses/" + id + "/tables", null);
        assertThat(tables.status()).isEqualTo(400);
        assertThat(tables.json().path("errorCode").asText()).isEqualTo("UnsupportedOperationForSchemasEnabledLakehouse");
        var load = clients.fabric("POST", "/workspaces/" + ws + "/lakehouses/" + id + "/tables/t1/load",
                Map.of("relativePath", "Files/a.csv", "pathType", "File"));
        assertThat(load.status()).isEqualTo(400);
        assertThat(load.header("x-ms-public-api-error-code")).isEqualTo("UnsupportedOperationForSchemasEnabledLakehouse");
    }

    static String awaitResultLocation(EmulatorClients.Response accepted) {
        JsonNode state = awaitOperation(accepted);
        assertThat(state.path("status").asText()).as(state.toString()).isEqualTo("Succeeded");
        return "/operations/" + accepted.header("x-ms-operation-id") + "/result";
    }

    @Test
    void semanticModelDefinitionsGoThroughOperations() {
        String ws = workspace();
        var created = clients.fabric("POST", "/workspaces/" + ws + "/semanticModels", Map.of("displayName", "Sales Model", "definition", tmdlModel()));
        String id = clients.fabric("GET", awaitResultLocation(created), null).json().path("id").asText();

        var listed = clients.fabric("GET", "/workspaces/" + ws + "/semanticModels", null).json();
        assertThat(listed.path("value").findValuesAsText("id")).containsExactly(id);

        var get = clients.fabric("POST", "/workspaces/" + ws + "/semanticModels/" + id + "/getDefinition?format=TMDL", null);
        var definition = clients.fabric("GET", awaitResultLocation(get), null).json();
        assertThat(definition.path("definition").path("parts").findValuesAsText("path")).containsExactly("definition.pbism",
                "definition/database.tmdl", "definition/model.tmdl");

        ObjectNode renamed = tmdlModel();
        renamed.withArray("parts").add(part(".platform", "{\"metadata\":{\"type\":\"SemanticModel\",\"displayName\":\"Renamed Model\"}}"));
        var update = clients.fabric("POST", "/workspaces/" + ws + "/semanticModels/" + id + "/updateDefinition?updateMetadata=true",
                Map.of("definition", renamed));
        awaitResultLocation(update);
        var noResult = clients.fabric("GET", "/operations/" + update.header("x-ms-operation-id") + "/result", null);
        assertThat(noResult.status()).isEqualTo(400);
        assertThat(noResult.json().path("errorCode").asText()).isEqualTo("OperationHasNoResult");
        assertThat(noResult.json().path("message").asText()).isEqualTo("The operation has no result");
        assertThat(clients.fabric("GET", "/workspaces/" + ws + "/semanticModels/" + id, null).json().path("displayName").asText()).isEqualTo("Renamed Model");

        var broken = clients.fabric("POST", "/workspaces/" + ws + "/semanticModels",
                Map.of("displayName", "Broken", "definition", definition(part("definition/model.tmdl", "model"))));
        JsonNode failed = awaitOperation(broken);
        assertThat(failed.path("status").asText()).isEqualTo("Failed");
        assertThat(failed.path("error").path("errorCode").asText()).isEqualTo("Workload_FailedToParseFile");
        assertThat(clients.fabric("GET", "/workspaces/" + ws + "/semanticModels", null).json().path("value").findValuesAsText("displayName"))
                .doesNotContain("Broken");

        var noDefinition = clients.fabric("POST", "/workspaces/" + ws + "/semanticModels", Map.of("displayName", "Empty"));
        assertThat(noDefinition.status()).isEqualTo(400);
        assertThat(noDefinition.json().path("moreDetails").get(0).path("errorCode").asText()).isEqualTo("RequestBodyValidationFailed");
    }

    @Test
    void anOntologyDefinitionBringsAGraphModel() {
        String ws = workspace();
        var created = clients.fabric("POST", "/workspaces/" + ws + "/ontologies", Map.of("displayName", "Retail"));
        String id = clients.fabric("GET", awaitResultLocation(created), null).json().path("id").asText();
        assertThat(clients.fabric("GET", "/workspaces/" + ws + "/ontologies/" + id, null).json().path("type").asText()).isEqualTo("Ontology");
        assertThat(clients.fabric("GET", "/workspaces/" + ws + "/graphModels", null).json().path("value")).isEmpty();

        ObjectNode definition = definition(part("definition.json", "{}"),
                part("EntityTypes/1/definition.json", "{\"id\":\"1\",\"name\":\"Customer\",\"properties\":[]}"));
        awaitOperation(clients.fabric("POST", "/workspaces/" + ws + "/ontologies/" + id + "/updateDefinition", Map.of("definition", definition)));

        await().atMost(Duration.ofSeconds(10)).until(() ->
                clients.fabric("GET", "/workspaces/" + ws + "/graphModels", null).json().path("value").size() == 1);
        JsonNode graph = clients.fabric("GET", "/workspaces/" + ws + "/graphModels", null).json().path("value").get(0);
        assertThat(graph.path("displayName").asText()).isEqualTo("Retail_graph");
        var fetched = clients.fabric("GET", "/workspaces/" + ws + "/graphModels/" + graph.path("id").asText(), null);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().path("type").asText()).isEqualTo("GraphModel");

        var back = clients.fabric("POST", "/workspaces/" + ws + "/ontologies/" + id + "/getDefinition", null);
        assertThat(clients.fabric("GET", awaitResultLocation(back), null).json().path("definition").path("parts").findValuesAsText("path"))
                .containsExactly("definition.json", "EntityTypes/1/definition.json");

        var badName = clients.fabric("POST", "/workspaces/" + ws + "/ontologies", Map.of("displayName", "has space"));
        assertThat(badName.status()).isEqualTo(400);
    }

    @Test
    void deletedItemsDisappearAndTheirNameIsFree() {
        emulator.admin().longRunningOperations(false);
        String ws = workspace();
        String id = clients.fabric("POST", "/workspaces/" + ws + "/lakehouses", Map.of("displayName", "Temp")).json().path("id").asText();
        assertThat(clients.fabric("DELETE", "/workspaces/" + ws + "/lakehouses/" + id, null).status()).isEqualTo(200);
        assertThat(clients.fabric("GET", "/workspaces/" + ws + "/lakehouses/" + id, null).status()).isEqualTo(404);
        assertThat(clients.fabric("POST", "/workspaces/" + ws + "/lakehouses", Map.of("displayName", "Temp")).status()).isEqualTo(201);
    }
}
