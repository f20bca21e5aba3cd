package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.Fault;
import io.weft.fabric.emulator.admin.FaultRegistry;
import io.weft.fabric.emulator.http.HttpCall;
import io.weft.fabric.emulator.onelake.OneLakeStore;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.weft.fabric.emulator.fabric.Bodies.requiredText;
import static io.weft.fabric.emulator.fabric.Bodies.text;

/**
 * The items of all workspaces: create (as an operation), list, get, update, delete, names and their holds, and the
 * time-driven side effects (a lakehouse's SQL endpoint, an ontology's graph model). Guarded by the control plane's
 * one lock.
 */
public final class ItemStore {

    private final Map<String, Item> items = new LinkedHashMap<>();
    /** workspaceId|type|lower-case name → when the name becomes free again. */
    private final Map<String, Instant> heldNames = new ConcurrentHashMap<>();
    private final Object lock;
    private final WorkspaceStore workspaces;
    private final Operations operations;
    private final RuntimeSettings settings;
    private final FaultRegistry faults;
    private final OneLakeStore oneLake;
    private final Clock clock;

    ItemStore(Object lock, WorkspaceStore workspaces, Operations operations, RuntimeSettings settings, FaultRegistry faults,
            OneLakeStore oneLake, Clock clock) {
        this.lock = lock;
        this.workspaces = workspaces;
        this.operations = operations;
        this.settings = settings;
        this.faults = faults;
        this.oneLake = oneLake;
        this.clock = clock;
    }

    /** An item of a workspace by GUID, GUID.Type or Name.Type, as OneLake accepts. */
    public Optional<String> resolve(String workspaceId, String segment) {
        synchronized (lock) {
            refresh();
            Item byId = items.get(segment.toLowerCase(Locale.ROOT));
            if (byId != null && byId.workspaceId.equals(workspaceId) && byId.visible) {
                return Optional.of(byId.id);
            }
            int dot = segment.lastIndexOf('.');
            if (dot <= 0) {
                return Optional.empty();
            }
            String name = segment.substring(0, dot);
            String type = segment.substring(dot + 1);
            return items.values().stream()
                    .filter(i -> i.visible && i.workspaceId.equals(workspaceId) && i.type.equalsIgnoreCase(type)
                            && (i.displayName.equals(name) || i.id.equalsIgnoreCase(name)))
                    .map(i -> i.id).findFirst();
        }
    }

    public List<JsonNode> list(String workspaceId, String type) {
        synchronized (lock) {
            refresh();
            Workspace w = workspaces.workspace(workspaceId);
            return items.values().stream()
                    .filter(i -> i.visible && i.workspaceId.equals(w.id) && (type == null || i.type.equalsIgnoreCase(type)))
                    .map(i -> (JsonNode) json(i, i.type.equals(FabricService.LAKEHOUSE)))
                    .toList();
        }
    }

    public ObjectNode get(String workspaceId, String itemId, String expectedType) {
        synchronized (lock) {
            refresh();
            return json(item(workspaceId, itemId, expectedType), true);
        }
    }

    public void delete(String workspaceId, String itemId, String expectedType) {
        synchronized (lock) {
            Item i = item(workspaceId, itemId, expectedType);
            items.remove(i.id);
            if (i.type.equals(FabricService.LAKEHOUSE) && i.sqlEndpointId != null) {
                items.remove(i.sqlEndpointId);
            }
            faults.nameHold().ifPresent(f -> heldNames.put(nameKey(i.workspaceId, i.type, i.displayName), clock.instant().plusMillis(f.delayMillis())));
        }
    }

    public ObjectNode update(String workspaceId, String itemId, String expectedType, JsonNode body) {
        synchronized (lock) {
            Item i = item(workspaceId, itemId, expectedType);
            String name = text(body, "displayName", null);
            if (name != null && !name.equalsIgnoreCase(i.displayName)) {
                checkNameFree(i.workspaceId, i.type, name);
            }
            if (name != null) {
                i.displayName = name;
            }
            String description = text(body, "description", null);
            if (description != null) {
                i.description = description;
            }
            return json(i, false);
        }
    }

    /**
     * Creates an item of {@code type} from a create request ({@code POST /items} or the typed endpoint). The name is
     * reserved at once; the item becomes visible when its operation succeeds.
     */
    public Operations.Outcome create(String workspaceId, String type, JsonNode body) {
        return create(workspaceId, type, body, false);
    }

    /** As {@link #create(String, String, JsonNode)}; {@code now} forces the fast path (admin seeding). */
    public Operations.Outcome create(String workspaceId, String type, JsonNode body, boolean now) {
        Item item;
        synchronized (lock) {
            Workspace w = workspaces.workspace(workspaceId);
            String name = requiredText(body, "displayName");
            if (type == null || type.isBlank()) {
                throw FabricError.badRequest("The Type field is required.");
            }
            validateDisplayName(type, name);
            JsonNode definition = body.path("definition");
            if (FabricService.SEMANTIC_MODEL.equals(type) && !definition.isObject()) {
                throw FabricError.badRequest("The Definition field is required.");
            }
            JsonNode creationPayload = body.path("creationPayload");
            if (creationPayload.isObject() && !FabricService.LAKEHOUSE.equals(type)) {
                throw new FabricError(400, "ItemTypeDoesNotSupportCreationPayload", "Item type '" + type + "' does not support creation payload");
            }
            String folderId = guid(body, "folderId", "FolderId");
            String labelId = guid(body.path("sensitivityLabelSettings"), "labelId", "SensitivityLabelSettings.LabelId");
            checkNameFree(w.id, type, name);
            item = new Item(UUID.randomUUID().toString(), w.id, type, name, text(body, "description", ""), clock.instant());
            item.folderId = folderId;
            item.sensitivityLabelId = labelId;
            item.schemasEnabled = creationPayload.path("enableSchemas").asBoolean(false);
            if (definition.isObject()) {
                item.definitionParts = DefinitionService.parts(definition);
                item.definitionFormat = text(definition, "format", null);
            }
            items.put(item.id, item);
        }
        Item created = item;
        return operations.run("CreateItem", 201, settings.createIsLongRunning(type), true, now, () -> {
            synchronized (lock) {
                if (created.definitionParts != null) {
                    DefinitionService.validate(created.type, created.definitionParts);
                }
                created.visible = true;
                onCreated(created);
                return json(created, false);
            }
        }, () -> {
            synchronized (lock) {
                items.remove(created.id);
            }
        });
    }

    /** The visible items of a workspace, in creation order (callers hold the lock). */
    List<Item> itemsOf(String workspaceId) {
        refresh();
        return items.values().stream().filter(i -> i.visible && i.workspaceId.equals(workspaceId)).toList();
    }

    /** An item by id in any workspace, visible or not; null when there is none (callers hold the lock). */
    Item byId(String itemId) {
        return items.get(itemId == null ? "" : itemId.toLowerCase(Locale.ROOT));
    }

    Item item(String workspaceId, String itemId, String expectedType) {
        synchronized (lock) {
            Workspace w = workspaces.workspace(workspaceId);
            Item i = items.get(itemId == null ? "" : itemId.toLowerCase(Locale.ROOT));
            if (i == null || !i.visible || !i.workspaceId.equals(w.id) || (expectedType != null && !i.type.equals(expectedType))) {
                throw FabricError.itemNotFound();
            }
            return i;
        }
    }

    ObjectNode json(Item i, boolean withProperties) {
        ObjectNode n = HttpCall.JSON.createObjectNode()
                .put("id", i.id)
                .put("type", i.type)
                .put("displayName", i.displayName)
                .put("description", i.description)
                .put("workspaceId", i.workspaceId);
        // as Fabric: folderId only when the item is in a folder, sensitivityLabel only when it is labelled
        if (i.folderId != null) {
            n.put("folderId", i.folderId);
        }
        if (i.sensitivityLabelId != null) {
            n.putObject("sensitivityLabel").put("id", i.sensitivityLabelId);
        }
        if (withProperties && i.type.equals(FabricService.LAKEHOUSE)) {
            // on the emulator's own OneLake endpoint, so a client may follow them
            String base = oneLake.publicUrl() + "/" + i.workspaceId + "/" + i.id;
            ObjectNode p = n.putObject("properties")
                    .put("oneLakeTablesPath", base + "/Tables")
                    .put("oneLakeFilesPath", base + "/Files");
            ObjectNode sql = p.putObject("sqlEndpointProperties");
            if (i.sqlEndpointId != null) {
                sql.put("connectionString", i.sqlEndpointId.substring(0, 8) + "-emulator.datawarehouse.fabric.microsoft.com")
                        .put("id", i.sqlEndpointId)
                        .put("provisioningStatus", "Success");
            } else {
                sql.putNull("connectionString").putNull("id").put("provisioningStatus", "InProgress");
            }
            if (i.schemasEnabled) {
                p.put("defaultSchema", "dbo");
            }
        }
        if (withProperties && i.type.equals(FabricService.GRAPH_MODEL)) {
            n.putObject("properties").put("queryReadiness", "Full").putObject("lastDataLoadingStatus")
                    .put("status", "Completed").put("startDateTime", Timestamps.format(i.createdAt)).put("endDateTime", Timestamps.format(i.createdAt));
        }
        return n;
    }

    void checkNameFree(String workspaceId, String type, String name) {
        Instant heldUntil = heldNames.get(nameKey(workspaceId, type, name));
        if (heldUntil != null) {
            if (heldUntil.isAfter(clock.instant())) {
                int status = faults.nameHold().map(Fault::status).orElse(409);
                throw new FabricError(status == 0 ? 409 : status, "ItemDisplayNameNotAvailableYet",
                        "Requested '" + name + "' is not available yet and is expected to become available in the upcoming minutes.", null, true);
            }
            heldNames.remove(nameKey(workspaceId, type, name));
        }
        boolean taken = items.values().stream()
                .anyMatch(i -> i.workspaceId.equals(workspaceId) && i.type.equals(type) && i.displayName.equalsIgnoreCase(name));
        if (taken) {
            throw new FabricError(409, "ItemDisplayNameAlreadyInUse", "Item display name is already used.");
        }
    }

    private static String nameKey(String workspaceId, String type, String name) {
        return workspaceId + "|" + type + "|" + name.toLowerCase(Locale.ROOT);
    }

    /** An optional GUID field of a create request, lower-cased; 400 when present but not a GUID. */
    private static String guid(JsonNode body, String field, String shownAs) {
        String value = text(body, field, null);
        if (value == null) {
            return null;
        }
        if (!value.matches("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")) {
            throw FabricError.badRequest("The " + shownAs + " field is not a valid GUID.");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static void validateDisplayName(String type, String name) {
        if (FabricService.ONTOLOGY.equals(type) && !name.matches("^[A-Za-z][A-Za-z0-9_]{0,98}$")) {
            throw new FabricError(400, "InvalidDisplayName", "The display name must start with a letter, contain only letters, numbers"
                    + " and underscores, and be shorter than 100 characters.");
        }
        if (name.length() > 256) {
            throw FabricError.badRequest("The DisplayName field is too long.");
        }
    }

    private void onCreated(Item item) {
        Instant now = clock.instant();
        if (FabricService.LAKEHOUSE.equals(item.type)) {
            item.sqlEndpointReadyAt = now.plus(settings.scaled(settings.sqlEndpointProvisioning));
            try {
                Files.createDirectories(oneLake.itemRoot(item.workspaceId, item.id).resolve("Files"));
                Files.createDirectories(oneLake.itemRoot(item.workspaceId, item.id).resolve("Tables"));
            } catch (IOException e) {
                throw new FabricError(500, "InternalError", "Could not create the lakehouse's OneLake folders");
            }
        }
        if (FabricService.ONTOLOGY.equals(item.type) && item.definitionParts != null) {
            item.graphModelDueAt = now.plus(settings.scaled(settings.graphModelDelay));
        }
        refresh();
    }

    /** Brings time-driven side effects up to date: SQL endpoints provisioned, graph models created. */
    void refresh() {
        Instant now = clock.instant();
        for (Item i : new ArrayList<>(items.values())) {
            if (!i.visible) {
                continue;
            }
            if (i.sqlEndpointReadyAt != null && i.sqlEndpointId == null && !now.isBefore(i.sqlEndpointReadyAt)) {
                Item sql = new Item(UUID.randomUUID().toString(), i.workspaceId, FabricService.SQL_ENDPOINT, i.displayName, "", now);
                sql.visible = true;
                items.put(sql.id, sql);
                i.sqlEndpointId = sql.id;
            }
            if (i.graphModelDueAt != null && i.graphModelId == null && !now.isBefore(i.graphModelDueAt)) {
                String name = i.displayName + "_graph";
                Item graph = new Item(UUID.randomUUID().toString(), i.workspaceId, FabricService.GRAPH_MODEL, name,
                        "Graph model of ontology " + i.displayName, now);
                graph.visible = true;
                items.put(graph.id, graph);
                i.graphModelId = graph.id;
            }
        }
    }

    /** Forgets every item of a workspace being deleted. */
    void removeWorkspace(String workspaceId) {
        synchronized (lock) {
            items.values().removeIf(i -> i.workspaceId.equals(workspaceId));
        }
    }

    /** The items of a workspace as the admin state shows them (visibility, definition paths, tables). */
    void describe(String workspaceId, ArrayNode into) {
        for (Item i : items.values()) {
            if (!i.workspaceId.equals(workspaceId)) {
                continue;
            }
            ObjectNode in = json(i, true);
            in.put("visible", i.visible);
            if (i.definitionParts != null) {
                ArrayNode paths = in.putArray("definitionParts");
                i.definitionParts.forEach(p -> paths.add(p.path("path").asText()));
            }
            if (i.type.equals(FabricService.LAKEHOUSE)) {
                in.put("schemasEnabled", i.schemasEnabled);
                ArrayNode tables = in.putArray("tables");
                for (TableInfo t : i.tables.values()) {
                    ObjectNode tn = tables.addObject().put("name", t.name()).put("rowCount", t.rowCount()).put("loadedAt", Timestamps.format(t.loadedAt()));
                    t.columns().forEach(tn.withArray("columns")::add);
                    t.sourceFiles().forEach(tn.withArray("sourceFiles")::add);
                }
            }
            if (i.graphModelId != null) {
                in.put("graphModelId", i.graphModelId);
            }
            into.add(in);
        }
    }

    void clear() {
        items.clear();
        heldNames.clear();
    }
}
