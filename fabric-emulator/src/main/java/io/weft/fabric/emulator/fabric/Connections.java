package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.http.HttpCall;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Connections ({@code /v1/connections}: list with paging, create 201, get, delete) and semantic models'
 * {@code bindConnection} (200, no body; one data source per call; {@code connectivityType: None} without an id
 * unbinds), from the platform and semanticModel specs. Credentials sent on create are never stored or returned.
 */
public final class Connections {

    private static final Set<String> CONNECTIVITY = Set.of("ShareableCloud", "PersonalCloud", "OnPremisesGateway",
            "OnPremisesGatewayPersonal", "VirtualNetworkGateway", "StreamingVirtualNetworkGateway", "Automatic", "None",
            // the spec's own bindConnection example sends this value, which its enum lacks
            "OnPremisesDataGateway");

    private final FabricService service;
    private final Clock clock;
    private final Map<String, ObjectNode> connections = new LinkedHashMap<>();
    /** semantic model id → its bindings, one per data source (type + path, case-insensitive). */
    private final Map<String, Map<String, ObjectNode>> bindings = new LinkedHashMap<>();

    Connections(FabricService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    public synchronized List<JsonNode> list() {
        return new ArrayList<>(connections.values());
    }

    public synchronized ObjectNode get(String id) {
        ObjectNode connection = connections.get(id.toLowerCase(java.util.Locale.ROOT));
        if (connection == null) {
            throw new FabricError(404, "EntityNotFound", "The requested connection was not found");
        }
        return connection;
    }

    /** Creates a connection from a create request's body (the spec's CreateConnectionRequest). */
    public synchronized ObjectNode create(JsonNode body) {
        String displayName = Bodies.requiredText(body, "displayName");
        if (displayName.length() > 200) {
            throw FabricError.badRequest("displayName: at most 200 characters");
        }
        String connectivityType = Bodies.requiredText(body, "connectivityType");
        if (!CONNECTIVITY.contains(connectivityType) || "None".equals(connectivityType)) {
            throw FabricError.badRequest("connectivityType: unknown value '" + connectivityType + "'");
        }
        JsonNode details = body.path("connectionDetails");
        if (!details.isObject()) {
            throw FabricError.badRequest("connectionDetails is required");
        }
        String type = Bodies.requiredText(details, "type");
        if (connections.values().stream().anyMatch(c -> c.path("displayName").asText().equalsIgnoreCase(displayName))) {
            throw new FabricError(409, "DuplicateConnectionName", "A connection named '" + displayName + "' already exists");
        }
        // Fabric derives the path from the creation method's parameters, e.g. server and database → server;database
        List<String> values = new ArrayList<>();
        details.path("parameters").forEach(p -> values.add(p.path("value").asText()));
        String id = UUID.randomUUID().toString();
        ObjectNode connection = HttpCall.JSON.createObjectNode();
        connection.put("id", id);
        connection.put("displayName", displayName);
        if (body.hasNonNull("gatewayId")) {
            connection.put("gatewayId", body.path("gatewayId").asText());
        }
        connection.put("connectivityType", connectivityType);
        connection.putObject("connectionDetails").put("type", type).put("path", String.join(";", values));
        connection.put("privacyLevel", Bodies.text(body, "privacyLevel", "Organizational"));
        JsonNode credentials = body.path("credentialDetails");
        connection.putObject("credentialDetails")
                .put("credentialType", credentials.path("credentials").path("credentialType").asText("Anonymous"))
                .put("singleSignOnType", credentials.path("singleSignOnType").asText("None"))
                .put("connectionEncryption", credentials.path("connectionEncryption").asText("NotEncrypted"))
                .put("skipTestConnection", credentials.path("skipTestConnection").asBoolean(false));
        connection.putObject("connectionRecency").put("createdDateTime", Timestamps.format(clock.instant()));
        connections.put(id, connection);
        return connection;
    }

    public synchronized void delete(String id) {
        get(id);
        connections.remove(id.toLowerCase(java.util.Locale.ROOT));
    }

    /** {@code POST /workspaces/{w}/semanticModels/{id}/bindConnection}. */
    public synchronized void bind(String workspaceId, String semanticModelId, JsonNode body) {
        service.items().get(workspaceId, semanticModelId, FabricService.SEMANTIC_MODEL);
        JsonNode binding = body.path("connectionBinding");
        if (!binding.isObject()) {
            throw FabricError.badRequest("connectionBinding is required");
        }
        JsonNode details = binding.path("connectionDetails");
        if (!details.isObject()) {
            throw FabricError.badRequest("connectionBinding.connectionDetails is required");
        }
        String type = Bodies.requiredText(details, "type");
        String path = Bodies.requiredText(details, "path");
        String connectivityType = Bodies.text(binding, "connectivityType", null);
        if (connectivityType != null && !CONNECTIVITY.contains(connectivityType)) {
            throw FabricError.badRequest("connectionBinding.connectivityType: unknown value '" + connectivityType + "'");
        }
        String key = (type + "\u0000" + path).toLowerCase(java.util.Locale.ROOT);
        Map<String, ObjectNode> ofModel = bindings.computeIfAbsent(semanticModelId.toLowerCase(java.util.Locale.ROOT),
                k -> new LinkedHashMap<>());
        String connectionId = Bodies.text(binding, "id", null);
        if ("None".equals(connectivityType) && connectionId == null) {
            ofModel.remove(key);
            return;
        }
        if (connectionId == null) {
            throw new FabricError(400, "InvalidRequest", "connectionBinding.id is required unless connectivityType is None");
        }
        ObjectNode connection = connections.get(connectionId.toLowerCase(java.util.Locale.ROOT));
        if (connection == null) {
            throw new FabricError(400, "InvalidRequest", "Connection '" + connectionId + "' does not exist or is not accessible");
        }
        ObjectNode stored = HttpCall.JSON.createObjectNode();
        stored.put("connectionId", connection.path("id").asText());
        stored.put("connectivityType", connectivityType != null ? connectivityType : connection.path("connectivityType").asText());
        stored.putObject("connectionDetails").put("type", type).put("path", path);
        ofModel.put(key, stored);
        connection.with("connectionRecency").put("lastBoundDateTime", Timestamps.format(clock.instant()));
    }

    /** A model's bindings ({@code connectionId}, {@code connectivityType}, {@code connectionDetails}), in bind order. */
    public synchronized List<JsonNode> bindings(String semanticModelId) {
        return new ArrayList<>(bindings.getOrDefault(semanticModelId.toLowerCase(java.util.Locale.ROOT), Map.of()).values());
    }

    synchronized void reset() {
        connections.clear();
        bindings.clear();
    }
}
