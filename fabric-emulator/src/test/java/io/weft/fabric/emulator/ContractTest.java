package io.weft.fabric.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.RawHttp.Raw;
import io.weft.fabric.emulator.SpecCases.Case;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the official examples of every operation the emulator serves and validates the emulator's responses
 * (status, LRO headers, bodies, operation results) against the Swagger schemas. The examples' ids are mapped to
 * items created for each case; placeholder payloads that are not valid Base64 or not valid content for their path
 * are replaced with valid content of the same path, and the space in the ontology example's display name (which its own
 * naming rule forbids) with an underscore.
 */
class ContractTest {

    /** swagger file → operationIds served. */
    static final Map<String, List<String>> SERVED = Map.of(
            "platform/swagger.json", List.of("Workspaces_CreateWorkspace", "Workspaces_ListWorkspaces", "Workspaces_GetWorkspace",
                    "Workspaces_DeleteWorkspace", "Items_ListItems", "Items_CreateItem", "Items_GetItem", "Items_UpdateItem", "Items_DeleteItem",
                    "Items_GetItemDefinition", "Items_UpdateItemDefinition", "LongRunningOperations_GetOperationState",
                    "LongRunningOperations_GetOperationResult", "Capacities_ListCapacities", "Capacities_GetCapacity",
                    "Workspaces_AssignToCapacity", "Workspaces_UnassignFromCapacity", "Workspaces_AddWorkspaceRoleAssignment",
                    "Workspaces_ListWorkspaceRoleAssignments", "Workspaces_GetWorkspaceRoleAssignment",
                    "Workspaces_UpdateWorkspaceRoleAssignment", "Workspaces_DeleteWorkspaceRoleAssignment",
                    "Connections_ListConnections", "Connections_CreateConnection", "Connections_GetConnection",
                    "Connections_DeleteConnection"),
            "lakehouse/swagger.json", List.of("Items_ListLakehouses", "Items_CreateLakehouse", "Items_GetLakehouse", "Items_UpdateLakehouse",
                    "Items_DeleteLakehouse", "Tables_ListTables", "Tables_LoadTable"),
            "semanticModel/swagger.json", List.of("Items_ListSemanticModels", "Items_CreateSemanticModel", "Items_GetSemanticModel",
                    "Items_UpdateSemanticModel", "Items_DeleteSemanticModel", "Items_GetSemanticModelDefinition", "Items_UpdateSemanticModelDefinition",
                    "Items_BindSemanticModelConnection"),
            "ontology/swagger.json", List.of("Items_ListOntologies", "Items_CreateOntology", "Items_GetOntology", "Items_UpdateOntology",
                    "Items_DeleteOntology", "Items_GetOntologyDefinition", "Items_UpdateOntologyDefinition"),
            "graphModel/swagger.json", List.of("Items_ListGraphModels", "Items_GetGraphModel"));

    /** The deployment pipeline operations, all in the platform spec; with {@link #SERVED}'s platform list. */
    static final List<String> PIPELINE_OPERATIONS = List.of("DeploymentPipelines_ListDeploymentPipelines",
            "DeploymentPipelines_CreateDeploymentPipeline", "DeploymentPipelines_GetDeploymentPipeline",
            "DeploymentPipelines_UpdateDeploymentPipeline", "DeploymentPipelines_DeleteDeploymentPipeline",
            "DeploymentPipelines_ListDeploymentPipelineRoleAssignments", "DeploymentPipelines_AddDeploymentPipelineRoleAssignment",
            "DeploymentPipelines_DeleteDeploymentPipelineRoleAssignment", "DeploymentPipelines_ListDeploymentPipelineOperations",
            "DeploymentPipelines_GetDeploymentPipelineOperation", "DeploymentPipelines_ListDeploymentPipelineStages",
            "DeploymentPipelines_GetDeploymentPipelineStage", "DeploymentPipelines_UpdateDeploymentPipelineStage",
            "DeploymentPipelines_ListDeploymentPipelineStageItems", "DeploymentPipelines_DeployStageContent",
            "DeploymentPipelines_AssignWorkspaceToStage", "DeploymentPipelines_UnassignWorkspaceFromStage");

    /** "F4 Capacity" of the ListCapacities example, Active. */
    static final String ACTIVE_CAPACITY = "96f3f0ff-4fe2-4712-b61b-05a456ba9357";

    static FabricEmulator emulator;
    static EmulatorClients clients;
    static final SwaggerSchemas SCHEMAS = new SwaggerSchemas();

    @BeforeAll
    static void start() {
        // the realistic profile (Fabric's Retry-After values, operations on a second host), sped up 1000 times
        emulator = FabricEmulator.start(EmulatorOptions.defaults().timeScale(1000).seed(11).pageSize(2)
                .sqlEndpointProvisioning(Duration.ZERO).graphModelDelay(Duration.ZERO));
        clients = new EmulatorClients(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    static Map<String, List<String>> served() {
        Map<String, List<String>> all = new LinkedHashMap<>(SERVED);
        all.put("platform/swagger.json", java.util.stream.Stream.concat(SERVED.get("platform/swagger.json").stream(), PIPELINE_OPERATIONS.stream()).toList());
        return all;
    }

    static List<Case> cases() {
        return SpecCases.of(SCHEMAS, served());
    }

    @Test
    void everyServedOperationHasExamples() {
        SpecCases.assertEveryServedOperationHasExamples(SCHEMAS, served());
    }

    @TestFactory
    Stream<DynamicTest> officialExamplesReplayAgainstTheSchemas() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> replay(c)));
    }

    void replay(Case c) throws Exception {
        Path specFile = SwaggerSchemas.ROOT.resolve(c.spec());
        JsonNode example = c.exampleDocument(SCHEMAS);
        JsonNode params = example.path("parameters");
        // Fabric's own rule for every case: creates 201 or 202 per item type, definitions and table loads 202
        emulator.admin().createsPerItemType();

        String ws = null;
        PipelineFixture pipeline = null;
        String path = c.path().replaceAll("\\?.*$", "");
        Map<String, String> query = new LinkedHashMap<>();
        JsonNode body = null;
        for (JsonNode rawParam : c.operation().path("parameters")) {
            JsonNode param = SCHEMAS.deref(specFile, rawParam).node();
            String name = param.path("name").asText();
            String in = param.path("in").asText();
            JsonNode value = params.get(name);
            if (in.equals("path")) {
                String actual = switch (name) {
                    case "workspaceId" -> ws = workspace();
                    case "lakehouseId" -> lakehouse(ws, c.example().contains("WithSchema"));
                    case "semanticModelId" -> item(ws, "semanticModels", Map.of("displayName", "Model", "definition", tmdl()));
                    case "ontologyId" -> item(ws, "ontologies", Map.of("displayName", "Onto", "definition", ontologyDefinition()));
                    case "graphModelId" -> graphModel(ws);
                    case "itemId" -> item(ws, "items", Map.of("displayName", "Report", "type", "Report"));
                    case "operationId" -> pipeline != null ? pipeline.deployment()
                            : operation(c.example().contains("StateRunning"), c.operation().path("operationId").asText().endsWith("Result"));
                    case "deploymentPipelineId" -> (pipeline = PipelineFixture.create()).id();
                    // assign needs a stage without a workspace; every other stage call uses the assigned first stage
                    case "stageId" -> c.operationId().equals("DeploymentPipelines_AssignWorkspaceToStage") ? pipeline.stageIds().get(2) : pipeline.stageIds().get(0);
                    case "principalId" -> pipeline.admin();
                    case "tableName" -> value.asText();
                    case "capacityId" -> ACTIVE_CAPACITY;
                    case "workspaceRoleAssignmentId" -> roleAssignment(ws);
                    case "connectionId" -> connection();
                    default -> throw new IllegalStateException("No mapping for path parameter " + name);
                };
                path = path.replace("{" + name + "}", actual);
            } else if (in.equals("query") && value != null && !value.asText().isEmpty()) {
                query.put(name, value.asText());
            } else if (in.equals("body") && value != null) {
                body = fixPayloads(value.deepCopy());
                if (c.path().contains("/ontologies") && body.has("displayName")) {
                    // CreateOntology.json's "Ontology 1" breaks the naming rule its own definition states (letters, digits, _)
                    ((ObjectNode) body).put("displayName", body.get("displayName").asText().replace(' ', '_'));
                }
                if (body.path("connectionBinding").has("id")) {
                    // the example binds to a connection of its own tenant: bind to one the emulator has
                    ((ObjectNode) body.path("connectionBinding")).put("id", connection());
                }
                if (pipeline != null && body.has("sourceStageId")) {
                    ((ObjectNode) body).put("sourceStageId", pipeline.stageIds().get(0)).put("targetStageId", pipeline.stageIds().get(1));
                    if (body.has("items")) {
                        ((ObjectNode) body).putArray("items").addObject().put("sourceItemId", pipeline.modelId()).put("itemType", "SemanticModel");
                    }
                }
                if (pipeline != null && body.has("workspaceId")) {
                    ((ObjectNode) body).put("workspaceId", workspace());
                }
                if (body.has("capacityId")) {
                    // the example's capacity is not one of ListCapacities' example capacities, which the emulator serves
                    ((ObjectNode) body).put("capacityId", ACTIVE_CAPACITY);
                }
            }
        }
        if (c.operation().path("operationId").asText().equals("Workspaces_UnassignFromCapacity")) {
            assertThat(clients.fabric("POST", "/workspaces/" + ws + "/assignToCapacity", Map.of("capacityId", ACTIVE_CAPACITY)).status()).isEqualTo(202);
        }
        if (c.operation().path("operationId").asText().equals("Tables_ListTables")) {
            loadATable(ws, path.split("/")[4]);
        }
        if (path.contains("/tables/") && path.endsWith("/load")) {
            Path lh = emulator.dataDirectory().resolve("onelake").resolve(ws).resolve(path.split("/")[4]);
            String relative = body.path("relativePath").asText();
            Files.createDirectories(lh.resolve(relative).getParent());
            Files.writeString(lh.resolve(relative), "id,name\n1,a\n");
        }

        StringBuilder url = new StringBuilder(path);
        String sep = "?";
        for (var q : query.entrySet()) {
            url.append(sep).append(q.getKey()).append('=').append(java.net.URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
            sep = "&";
        }
        emulator.admin().createsPerItemType(); // the set-up may have switched every operation to 202
        Raw response = RawHttp.send(emulator, clients.fabricToken(), c.method(), emulator.fabricApiUrl() + url,
                body == null ? null : body.toString());
        String status = Integer.toString(response.status());
        assertThat(c.operation().path("responses").has(status)).as("status %s declared for %s: %s", status, c, response).isTrue();
        assertThat(response.status()).as(response.toString()).isBetween(200, 299);
        WireExpectations.namesAsFabricSendsThem(response);
        String createdType = createdItemType(c, body);
        if (createdType != null) {
            assertThat(response.status()).as("a create of %s: %s", createdType, response).isEqualTo(WireExpectations.createStatus(createdType));
        }
        if (response.status() == 201 && createdType != null) {
            WireExpectations.createdAtOnce(response);
        }
        if (c.method().equals("GET") && c.operationId().matches("Items_Get(?!.*Definition).*")) {
            assertThat(response.value("ETag")).as("an item GET carries an ETag").isNotBlank();
        }

        JsonNode declared = c.operation().path("responses").path(status);
        if (response.status() == 202 && !declared.has("headers")) {
            // assign/unassign capacity: 202 with no operation, as the spec declares; progress shows on the workspace
            WireExpectations.acceptedWithoutOperation(response);
        } else if (response.status() == 202) {
            declared.path("headers").fieldNames().forEachRemaining(h -> assertThat(response.header(h)).as("header " + h).isNotNull());
            WireExpectations.operationAccepted(response, emulator.operationsApiUrl(), WireExpectations.OPERATION_RETRY_AFTER);
            Raw firstPoll = RawHttp.send(emulator, clients.fabricToken(), "GET", response.value("Location"), null);
            WireExpectations.namesAsFabricSendsThem(firstPoll);
            WireExpectations.operationPolled(firstPoll, WireExpectations.OPERATION_RETRY_AFTER);
            JsonNode state = FabricRestTestSupport.awaitOperation(emulator, clients, response.value("Location"));
            assertThat(state.path("status").asText()).as(state.toString()).isEqualTo("Succeeded");
            validate(SwaggerSchemas.ROOT.resolve("platform/swagger.json"),
                    SCHEMAS.document(SwaggerSchemas.ROOT.resolve("platform/swagger.json")).path("paths").path("/operations/{operationId}").path("get")
                            .path("responses").path("200").path("schema"), state);
            JsonNode success = c.operation().path("responses").has("200") ? c.operation().path("responses").path("200")
                    : c.operation().path("responses").path("201");
            if (success.has("schema")) {
                var result = clients.fabric("GET", "/operations/" + response.value("x-ms-operation-id") + "/result", null);
                assertThat(result.status()).as(result.toString()).isEqualTo(200);
                validate(specFile, success.path("schema"), result.json());
            }
        } else if (declared.has("schema")) {
            validate(specFile, declared.path("schema"), response.json());
        }
    }

    /** The item type a case creates (from its collection or, for the generic create, its body), or null. */
    static String createdItemType(Case c, JsonNode body) {
        return switch (c.operationId()) {
            case "Items_CreateItem" -> body.path("type").asText();
            case "Items_CreateLakehouse" -> "Lakehouse";
            case "Items_CreateSemanticModel" -> "SemanticModel";
            case "Items_CreateOntology" -> "Ontology";
            default -> null;
        };
    }

    /**
     * A deployment pipeline of three stages (Development, Test, Production) made through the API, its first stage
     * assigned a workspace holding a semantic model, the second an empty workspace.
     */
    record PipelineFixture(String id, List<String> stageIds, String modelId) {

        static PipelineFixture create() {
            var created = clients.fabric("POST", "/deploymentPipelines", Map.of("displayName", "pipeline-" + UUID.randomUUID(),
                    "stages", List.of(Map.of("displayName", "Development"), Map.of("displayName", "Test"), Map.of("displayName", "Production"))));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.json().path("id").asText();
            List<String> stages = new ArrayList<>();
            created.json().path("stages").forEach(st -> stages.add(st.path("id").asText()));
            String dev = workspace();
            String model = item(dev, "semanticModels", Map.of("displayName", "Promoted", "definition", tmdl()));
            assertThat(clients.fabric("POST", "/deploymentPipelines/" + id + "/stages/" + stages.get(0) + "/assignWorkspace",
                    Map.of("workspaceId", dev)).status()).isEqualTo(200);
            assertThat(clients.fabric("POST", "/deploymentPipelines/" + id + "/stages/" + stages.get(1) + "/assignWorkspace",
                    Map.of("workspaceId", workspace())).status()).isEqualTo(200);
            return new PipelineFixture(id, stages, model);
        }

        /** The id of a finished deployment of the model from the first stage to the second. */
        String deployment() {
            var accepted = clients.fabric("POST", "/deploymentPipelines/" + id + "/deploy", Map.of("sourceStageId", stageIds.get(0),
                    "targetStageId", stageIds.get(1), "items", List.of(Map.of("sourceItemId", modelId, "itemType", "SemanticModel"))));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            FabricRestTestSupport.awaitOperation(emulator, clients, accepted);
            return accepted.header("deployment-id");
        }

        /** A principal given the pipeline's Admin role; answers its id. */
        String admin() {
            String principal = UUID.randomUUID().toString();
            assertThat(clients.fabric("POST", "/deploymentPipelines/" + id + "/roleAssignments",
                    Map.of("principal", Map.of("id", principal, "type", "User"), "role", "Admin")).status()).isEqualTo(200);
            return principal;
        }
    }

    /** A connection made as an administrator would; answers its id. */
    static String connection() {
        return emulator.admin().connections().create(EmulatorClients.JSON.createObjectNode()
                .put("displayName", "conn-" + UUID.randomUUID()).put("connectivityType", "ShareableCloud")
                .set("connectionDetails", EmulatorClients.JSON.createObjectNode().put("type", "SQL").put("creationMethod", "SQL")
                        .set("parameters", EmulatorClients.JSON.createArrayNode()))).path("id").asText();
    }

    static void validate(Path specFile, JsonNode schema, JsonNode instance) {
        SpecCases.validate(SCHEMAS, specFile, schema, instance);
    }

    @Test
    void theSchemasCatchAWrongShape() {
        Path platform = SwaggerSchemas.ROOT.resolve("platform/swagger.json");
        JsonNode schema = SCHEMAS.document(platform).path("paths").path("/operations/{operationId}").path("get").path("responses").path("200").path("schema");
        assertThat(SCHEMAS.validate(platform, schema, EmulatorClients.JSON.createObjectNode().put("status", "Bogus"))).isNotEmpty();
        JsonNode lakehouse = SCHEMAS.document(SwaggerSchemas.ROOT.resolve("lakehouse/swagger.json")).path("paths")
                .path("/workspaces/{workspaceId}/lakehouses/{lakehouseId}").path("get").path("responses").path("200").path("schema");
        assertThat(SCHEMAS.validate(SwaggerSchemas.ROOT.resolve("lakehouse/swagger.json"), lakehouse,
                EmulatorClients.JSON.createObjectNode().put("id", 42).put("type", "NoSuchType"))).isNotEmpty();
    }

    @Test
    void errorResponsesMatchTheErrorResponseSchema() {
        Path common = SwaggerSchemas.ROOT.resolve("common/definitions.json");
        JsonNode errorSchema = EmulatorClients.JSON.createObjectNode().put("$ref", "#/definitions/ErrorResponse");
        String ws = workspace();
        List<EmulatorClients.Response> errors = new ArrayList<>();
        errors.add(clients.fabric("GET", "/workspaces/" + UUID.randomUUID(), null));
        errors.add(clients.fabric("GET", "/workspaces/" + ws + "/lakehouses/" + UUID.randomUUID(), null));
        errors.add(clients.fabric("POST", "/workspaces/" + ws + "/lakehouses", Map.of()));
        emulator.admin().longRunningOperations(false);
        clients.fabric("POST", "/workspaces/" + ws + "/lakehouses", Map.of("displayName", "Dup"));
        errors.add(clients.fabric("POST", "/workspaces/" + ws + "/lakehouses", Map.of("displayName", "dup")));
        errors.add(clients.send("GET", emulator.fabricApiUrl() + "/workspaces", null, null));
        emulator.admin().addFault(Fault.throttle(1, 1));
        errors.add(clients.fabric("GET", "/workspaces", null));
        for (var e : errors) {
            assertThat(e.status()).as(e.toString()).isGreaterThanOrEqualTo(400);
            assertThat(e.header("x-ms-public-api-error-code")).isEqualTo(e.json().path("errorCode").asText());
            validate(common, errorSchema, e.json());
        }
    }

    // ------------------------------------------------------------ fixtures

    static String workspace() {
        return clients.fabric("POST", "/workspaces", Map.of("displayName", "contract-" + UUID.randomUUID())).json().path("id").asText();
    }

    static String roleAssignment(String ws) {
        String principal = UUID.randomUUID().toString();
        var added = clients.fabric("POST", "/workspaces/" + ws + "/roleAssignments",
                Map.of("principal", Map.of("id", principal, "type", "User"), "role", "Viewer"));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        return added.json().path("id").asText();
    }

    static String item(String ws, String collection, Map<String, Object> body) {
        var created = clients.fabric("POST", "/workspaces/" + ws + "/" + collection, body);
        if (created.status() == 201) {
            return created.json().path("id").asText();
        }
        // a type Fabric creates as an operation: the item is its result
        assertThat(FabricRestTestSupport.awaitOperation(emulator, clients, created).path("status").asText()).isEqualTo("Succeeded");
        var result = clients.fabric("GET", "/operations/" + created.header("x-ms-operation-id") + "/result", null);
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        return result.json().path("id").asText();
    }

    static String lakehouse(String ws, boolean schemas) {
        return emulator.admin().createLakehouse(ws, "Lakehouse_" + UUID.randomUUID().toString().substring(0, 8), schemas);
    }

    static String graphModel(String ws) {
        item(ws, "ontologies", Map.of("displayName", "Graphed", "definition", ontologyDefinition()));
        JsonNode list = clients.fabric("GET", "/workspaces/" + ws + "/graphModels", null).json();
        return list.path("value").get(0).path("id").asText();
    }

    static void loadATable(String ws, String lakehouseId) throws Exception {
        Path lh = emulator.dataDirectory().resolve("onelake").resolve(ws).resolve(lakehouseId).resolve("Files");
        Files.writeString(lh.resolve("seed.csv"), "a,b\n1,2\n");
        emulator.admin().longRunningOperations(true);
        var accepted = clients.fabric("POST", "/workspaces/" + ws + "/lakehouses/" + lakehouseId + "/tables/Table1/load",
                Map.of("relativePath", "Files/seed.csv", "pathType", "File", "formatOptions", Map.of("format", "Csv", "header", true)));
        assertThat(FabricRestTestSupport.awaitOperation(emulator, clients, accepted).path("status").asText()).isEqualTo("Succeeded");
    }

    /** An operation id: running (held by a slow-operation fault) or finished, with a result when asked. */
    static String operation(boolean running, boolean withResult) {
        String ws = workspace();
        String model = item(ws, "semanticModels", Map.of("displayName", "Op", "definition", tmdl()));
        emulator.admin().longRunningOperations(true);
        if (running) {
            emulator.admin().addFault(Fault.slowOperations("GetDefinition", 60_000).times(1));
        }
        var accepted = clients.fabric("POST", "/workspaces/" + ws + "/semanticModels/" + model + "/getDefinition", null);
        if (!running) {
            FabricRestTestSupport.awaitOperation(emulator, clients, accepted);
        }
        emulator.admin().longRunningOperations(false);
        return accepted.header("x-ms-operation-id");
    }

    static ObjectNode tmdl() {
        return FabricRestTest.tmdlModel();
    }

    static ObjectNode ontologyDefinition() {
        return FabricRestTest.definition(FabricRestTest.part("definition.json", "{}"));
    }

    /** Replaces placeholder payloads ("QmFzZTY0U3RyaW5n", truncated "ew0K..") with valid content for the part's path. */
    static JsonNode fixPayloads(JsonNode body) {
        JsonNode parts = body.path("definition").path("parts");
        if (parts.isArray()) {
            for (Iterator<JsonNode> it = ((ArrayNode) parts).elements(); it.hasNext(); ) {
                ObjectNode part = (ObjectNode) it.next();
                String path = part.path("path").asText();
                String payload = part.path("payload").asText();
                if (!validContent(path, payload)) {
                    String content = switch (path) {
                        case ".platform" -> "{\"$schema\":\"https://developer.microsoft.com/json-schemas/fabric/gitIntegration/platformProperties/2.0.0/schema.json\","
                                + "\"config\":{\"version\":\"2.0\",\"logicalId\":\"" + UUID.randomUUID() + "\"}}";
                        case "model.bim" -> "{\"compatibilityLevel\":1550,\"model\":{\"culture\":\"en-US\",\"tables\":[]}}";
                        case "definition.pbism" -> "{\"version\":\"4.0\",\"settings\":{}}";
                        default -> path.endsWith(".json") || path.endsWith(".pbir") ? "{}" : "content";
                    };
                    part.put("payload", Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        return body;
    }

    static boolean validContent(String path, String payload) {
        try {
            byte[] bytes = Base64.getDecoder().decode(payload);
            if (path.endsWith(".json") || path.equals(".platform") || path.endsWith(".bim") || path.endsWith(".pbism")) {
                EmulatorClients.JSON.readTree(bytes);
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
