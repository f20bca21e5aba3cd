package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.Fault;
import io.weft.fabric.emulator.admin.FaultRegistry;
import io.weft.fabric.emulator.http.HttpCall;
import io.weft.fabric.emulator.onelake.OneLakeStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Workspaces, items, tables and operations: the state and rules of the emulated Fabric control plane. */
public final class FabricService implements AutoCloseable {

    public static final String LAKEHOUSE = "Lakehouse";
    public static final String SQL_ENDPOINT = "SQLEndpoint";
    public static final String SEMANTIC_MODEL = "SemanticModel";
    public static final String ONTOLOGY = "Ontology";
    public static final String GRAPH_MODEL = "GraphModel";

    private static final Pattern TABLE_NAME = Pattern.compile("^(?=[0-9]*[a-zA-Z_])[a-zA-Z0-9_]{1,256}$");
    private static final Pattern RELATIVE_PATH = Pattern.compile("^Files(/[^/]+)*/?$");

    private final Map<String, Workspace> workspaces = new LinkedHashMap<>();
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    /** workspaceId|type|lower-case name → when the name becomes free again. */
    private final Map<String, Instant> heldNames = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fabric-emulator-operations");
        t.setDaemon(true);
        return t;
    });
    private final RuntimeSettings settings;
    private final FaultRegistry faults;
    private final OneLakeStore oneLake;
    private final Clock clock;

    public FabricService(RuntimeSettings settings, FaultRegistry faults, OneLakeStore oneLake, Clock clock) {
        this.settings = settings;
        this.faults = faults;
        this.oneLake = oneLake;
        this.clock = clock;
    }

    public RuntimeSettings settings() {
        return settings;
    }

    /** The answer to an LRO-capable call: either done now, or an operation to poll. */
    public record Outcome(int status, JsonNode body, String operationId) {
        static Outcome now(int status, JsonNode body) {
            return new Outcome(status, body, null);
        }

        static Outcome accepted(String operationId) {
            return new Outcome(202, null, operationId);
        }
    }

    /** The work of an operation: produces its result (null when it has none) or throws a FabricError. */
    @FunctionalInterface
    interface Work {
        JsonNode run() throws Exception;
    }

    // ---------------------------------------------------------------- workspaces

    public synchronized ObjectNode createWorkspace(JsonNode body) {
        String name = requiredText(body, "displayName");
        if (name.length() > 256) {
            throw FabricError.badRequest("The DisplayName field is too long.");
        }
        if (workspaces.values().stream().anyMatch(w -> w.displayName.equalsIgnoreCase(name))) {
            throw new FabricError(409, "WorkspaceNameAlreadyExists", "Workspace name already exists");
        }
        Workspace w = new Workspace(UUID.randomUUID().toString(), name, text(body, "description", ""), text(body, "capacityId", null), clock.instant());
        workspaces.put(w.id, w);
        try {
            Files.createDirectories(oneLake.workspaceRoot(w.id));
        } catch (IOException e) {
            throw new FabricError(500, "InternalError", "Could not create the workspace's OneLake folder");
        }
        return workspaceJson(w, false);
    }

    public synchronized List<JsonNode> listWorkspaces() {
        return workspaces.values().stream().map(w -> (JsonNode) workspaceJson(w, false)).toList();
    }

    public synchronized ObjectNode getWorkspace(String id) {
        return workspaceJson(workspace(id), true);
    }

    public synchronized void deleteWorkspace(String id) {
        Workspace w = workspace(id);
        items.values().removeIf(i -> i.workspaceId.equals(w.id));
        workspaces.remove(w.id);
    }

    private ObjectNode workspaceJson(Workspace w, boolean info) {
        ObjectNode n = HttpCall.JSON.createObjectNode()
                .put("id", w.id)
                .put("displayName", w.displayName)
                .put("description", w.description)
                .put("type", "Workspace");
        if (w.capacityId != null) {
            n.put("capacityId", w.capacityId);
            n.put("capacityRegion", "West Europe");
        }
        if (info) {
            if (w.capacityId != null) {
                n.put("capacityAssignmentProgress", "Completed");
            }
            n.putObject("oneLakeEndpoints").put("blobEndpoint", oneLake.publicUrl()).put("dfsEndpoint", oneLake.publicUrl());
        }
        return n;
    }

    Workspace workspace(String id) {
        Workspace w = workspaces.get(id == null ? "" : id.toLowerCase(Locale.ROOT));
        if (w == null) {
            throw FabricError.workspaceNotFound();
        }
        return w;
    }

    /** A workspace by GUID or display name, as OneLake accepts either. */
    public synchronized Optional<String> resolveWorkspace(String idOrName) {
        Workspace w = workspaces.get(idOrName.toLowerCase(Locale.ROOT));
        if (w == null) {
            w = workspaces.values().stream().filter(x -> x.displayName.equals(idOrName)).findFirst().orElse(null);
        }
        return Optional.ofNullable(w).map(x -> x.id);
    }

    /** An item of a workspace by GUID, GUID.Type or Name.Type, as OneLake accepts. */
    public synchronized Optional<String> resolveItem(String workspaceId, String segment) {
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

    // ---------------------------------------------------------------- items

    public synchronized List<JsonNode> listItems(String workspaceId, String type) {
        refresh();
        Workspace w = workspace(workspaceId);
        return items.values().stream()
                .filter(i -> i.visible && i.workspaceId.equals(w.id) && (type == null || i.type.equalsIgnoreCase(type)))
                .map(i -> (JsonNode) itemJson(i, i.type.equals(LAKEHOUSE)))
                .toList();
    }

    public synchronized ObjectNode getItem(String workspaceId, String itemId, String expectedType) {
        refresh();
        Item i = item(workspaceId, itemId, expectedType);
        return itemJson(i, true);
    }

    public synchronized void deleteItem(String workspaceId, String itemId, String expectedType) {
        Item i = item(workspaceId, itemId, expectedType);
        items.remove(i.id);
        if (i.type.equals(LAKEHOUSE) && i.sqlEndpointId != null) {
            items.remove(i.sqlEndpointId);
        }
        faults.nameHold().ifPresent(f -> heldNames.put(nameKey(i.workspaceId, i.type, i.displayName), clock.instant().plusMillis(f.delayMillis())));
    }

    public synchronized ObjectNode updateItem(String workspaceId, String itemId, String expectedType, JsonNode body) {
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
        return itemJson(i, false);
    }

    Item item(String workspaceId, String itemId, String expectedType) {
        Workspace w = workspace(workspaceId);
        Item i = items.get(itemId == null ? "" : itemId.toLowerCase(Locale.ROOT));
        if (i == null || !i.visible || !i.workspaceId.equals(w.id) || (expectedType != null && !i.type.equals(expectedType))) {
            throw FabricError.itemNotFound();
        }
        return i;
    }

    private ObjectNode itemJson(Item i, boolean withProperties) {
        ObjectNode n = HttpCall.JSON.createObjectNode()
                .put("id", i.id)
                .put("type", i.type)
                .put("displayName", i.displayName)
                .put("description", i.description)
                .put("workspaceId", i.workspaceId);
        if (withProperties && i.type.equals(LAKEHOUSE)) {
            String base = "https://onelake.dfs.fabric.microsoft.com/" + i.workspaceId + "/" + i.id;
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
        if (withProperties && i.type.equals(GRAPH_MODEL)) {
            n.putObject("properties").put("queryReadiness", "Full").putObject("lastDataLoadingStatus")
                    .put("status", "Completed").put("startDateTime", Timestamps.format(i.createdAt)).put("endDateTime", Timestamps.format(i.createdAt));
        }
        return n;
    }

    private void checkNameFree(String workspaceId, String type, String name) {
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

    /**
     * Creates an item of {@code type} from a create request ({@code POST /items} or the typed endpoint). The name is
     * reserved at once; the item becomes visible when its operation succeeds.
     */
    public Outcome createItem(String workspaceId, String type, JsonNode body) {
        return createItem(workspaceId, type, body, false);
    }

    /** As {@link #createItem(String, String, JsonNode)}; {@code now} forces the fast path (admin seeding). */
    public Outcome createItem(String workspaceId, String type, JsonNode body, boolean now) {
        Item item;
        synchronized (this) {
            Workspace w = workspace(workspaceId);
            String name = requiredText(body, "displayName");
            if (type == null || type.isBlank()) {
                throw FabricError.badRequest("The Type field is required.");
            }
            validateDisplayName(type, name);
            JsonNode definition = body.path("definition");
            if (SEMANTIC_MODEL.equals(type) && !definition.isObject()) {
                throw FabricError.badRequest("The Definition field is required.");
            }
            JsonNode creationPayload = body.path("creationPayload");
            if (creationPayload.isObject() && !LAKEHOUSE.equals(type)) {
                throw new FabricError(400, "ItemTypeDoesNotSupportCreationPayload", "Item type '" + type + "' does not support creation payload");
            }
            checkNameFree(w.id, type, name);
            item = new Item(UUID.randomUUID().toString(), w.id, type, name, text(body, "description", ""), clock.instant());
            item.schemasEnabled = creationPayload.path("enableSchemas").asBoolean(false);
            if (definition.isObject()) {
                item.definitionParts = parts(definition);
                item.definitionFormat = text(definition, "format", null);
            }
            items.put(item.id, item);
        }
        Item created = item;
        return operation("CreateItem", 201, false, true, now, () -> {
            synchronized (this) {
                if (created.definitionParts != null) {
                    validateDefinition(created.type, created.definitionParts);
                }
                created.visible = true;
                onCreated(created);
                return itemJson(created, false);
            }
        }, () -> {
            synchronized (this) {
                items.remove(created.id);
            }
        });
    }

    private static void validateDisplayName(String type, String name) {
        if (ONTOLOGY.equals(type) && !name.matches("^[A-Za-z][A-Za-z0-9_]{0,98}$")) {
            throw new FabricError(400, "InvalidDisplayName", "The display name must start with a letter, contain only letters, numbers"
                    + " and underscores, and be shorter than 100 characters.");
        }
        if (name.length() > 256) {
            throw FabricError.badRequest("The DisplayName field is too long.");
        }
    }

    private void onCreated(Item item) {
        Instant now = clock.instant();
        if (LAKEHOUSE.equals(item.type)) {
            item.sqlEndpointReadyAt = now.plus(settings.sqlEndpointProvisioning);
            Files.isDirectory(oneLake.itemRoot(item.workspaceId, item.id));
            try {
                Files.createDirectories(oneLake.itemRoot(item.workspaceId, item.id).resolve("Files"));
                Files.createDirectories(oneLake.itemRoot(item.workspaceId, item.id).resolve("Tables"));
            } catch (IOException e) {
                throw new FabricError(500, "InternalError", "Could not create the lakehouse's OneLake folders");
            }
        }
        if (ONTOLOGY.equals(item.type) && item.definitionParts != null) {
            item.graphModelDueAt = now.plus(settings.graphModelDelay);
        }
        refresh();
    }

    /** Brings time-driven side effects up to date: SQL endpoints provisioned, graph models created. */
    private void refresh() {
        Instant now = clock.instant();
        for (Item i : new ArrayList<>(items.values())) {
            if (!i.visible) {
                continue;
            }
            if (i.sqlEndpointReadyAt != null && i.sqlEndpointId == null && !now.isBefore(i.sqlEndpointReadyAt)) {
                Item sql = new Item(UUID.randomUUID().toString(), i.workspaceId, SQL_ENDPOINT, i.displayName, "", now);
                sql.visible = true;
                items.put(sql.id, sql);
                i.sqlEndpointId = sql.id;
            }
            if (i.graphModelDueAt != null && i.graphModelId == null && !now.isBefore(i.graphModelDueAt)) {
                String name = i.displayName + "_graph";
                Item graph = new Item(UUID.randomUUID().toString(), i.workspaceId, GRAPH_MODEL, name,
                        "Graph model of ontology " + i.displayName, now);
                graph.visible = true;
                items.put(graph.id, graph);
                i.graphModelId = graph.id;
            }
        }
    }

    // ---------------------------------------------------------------- definitions

    public Outcome getDefinition(String workspaceId, String itemId, String expectedType, String format) {
        Item item;
        synchronized (this) {
            item = item(workspaceId, itemId, expectedType);
            if (SEMANTIC_MODEL.equals(item.type) && format != null && !format.equals("TMDL") && !format.equals("TMSL")) {
                throw new FabricError(400, "InvalidDefinitionFormat", "Requested item definition format '" + format + "' is invalid.");
            }
        }
        Item target = item;
        return operation("GetDefinition", 200, false, true, false, () -> {
            synchronized (this) {
                ObjectNode result = HttpCall.JSON.createObjectNode();
                ObjectNode definition = result.putObject("definition");
                if (target.definitionFormat != null) {
                    definition.put("format", target.definitionFormat);
                }
                definition.set("parts", target.definitionParts == null ? HttpCall.JSON.createArrayNode() : target.definitionParts.deepCopy());
                return result;
            }
        }, () -> {
        });
    }

    public Outcome updateDefinition(String workspaceId, String itemId, String expectedType, JsonNode body, boolean updateMetadata) {
        Item item;
        ArrayNode newParts;
        String format;
        synchronized (this) {
            item = item(workspaceId, itemId, expectedType);
            JsonNode definition = body.path("definition");
            if (!definition.isObject()) {
                throw FabricError.badRequest("The Definition field is required.");
            }
            newParts = parts(definition);
            format = text(definition, "format", null);
        }
        Item target = item;
        return operation("UpdateDefinition", 200, false, false, false, () -> {
            synchronized (this) {
                validateDefinition(target.type, newParts);
                ArrayNode kept = HttpCall.JSON.createArrayNode();
                for (JsonNode part : newParts) {
                    if (".platform".equals(part.path("path").asText())) {
                        if (!updateMetadata) {
                            continue; // the service ignores .platform unless updateMetadata=true
                        }
                        applyPlatform(target, part);
                    }
                    kept.add(part);
                }
                target.definitionParts = kept;
                target.definitionFormat = format;
                if (ONTOLOGY.equals(target.type)) {
                    target.graphModelDueAt = clock.instant().plus(settings.graphModelDelay);
                    refresh();
                }
                return null;
            }
        }, () -> {
        });
    }

    private void applyPlatform(Item item, JsonNode part) {
        try {
            JsonNode platform = HttpCall.JSON.readTree(Base64.getDecoder().decode(part.path("payload").asText()));
            String name = platform.path("metadata").path("displayName").asText(null);
            if (name != null && !name.equalsIgnoreCase(item.displayName)) {
                checkNameFree(item.workspaceId, item.type, name);
                item.displayName = name;
            } else if (name != null) {
                item.displayName = name;
            }
            String description = platform.path("metadata").path("description").asText(null);
            if (description != null) {
                item.description = description;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new FabricError(400, "Workload_FailedToParseFile", "Failed to parse file '.platform'.");
        }
    }

    private static ArrayNode parts(JsonNode definition) {
        JsonNode parts = definition.path("parts");
        if (!parts.isArray()) {
            throw FabricError.badRequest("The Parts field is required.");
        }
        for (JsonNode part : parts) {
            if (!part.path("path").isTextual() || !part.path("payload").isTextual() || !"InlineBase64".equals(part.path("payloadType").asText())) {
                throw FabricError.badRequest("Each definition part needs path, payload and payloadType InlineBase64.");
            }
            try {
                Base64.getDecoder().decode(part.path("payload").asText());
            } catch (IllegalArgumentException e) {
                throw FabricError.badRequest("The payload of part '" + part.path("path").asText() + "' is not valid Base64.");
            }
        }
        return (ArrayNode) parts.deepCopy();
    }

    /** Checks what the real workloads check when they deserialize a definition; failures fail the operation. */
    private static void validateDefinition(String type, ArrayNode parts) {
        List<String> paths = new ArrayList<>();
        parts.forEach(p -> paths.add(p.path("path").asText()));
        if (SEMANTIC_MODEL.equals(type)) {
            if (!paths.contains("definition.pbism")) {
                throw new FabricError(400, "Workload_FailedToParseFile", "The definition is missing the required part 'definition.pbism'.");
            }
            boolean tmsl = paths.contains("model.bim");
            boolean tmdl = paths.stream().anyMatch(p -> p.startsWith("definition/") && p.endsWith(".tmdl"));
            if (tmsl == tmdl) {
                throw new FabricError(400, "Workload_FailedToParseFile", tmsl
                        ? "The definition holds both TMSL (model.bim) and TMDL parts."
                        : "Cannot resolve all the paths while de-serializing Database: the definition has neither model.bim nor definition/*.tmdl parts.");
            }
            if (tmsl) {
                requireJson(parts, "model.bim");
            }
        }
        for (JsonNode part : parts) {
            String path = part.path("path").asText();
            if (path.endsWith(".json") || path.equals(".platform")) {
                requireJson(parts, path);
            }
        }
    }

    private static void requireJson(ArrayNode parts, String path) {
        for (JsonNode part : parts) {
            if (part.path("path").asText().equals(path)) {
                try {
                    HttpCall.JSON.readTree(new String(Base64.getDecoder().decode(part.path("payload").asText()), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new FabricError(400, "Workload_FailedToParseFile", "Failed to parse file '" + path + "'.");
                }
            }
        }
    }

    // ---------------------------------------------------------------- tables

    public synchronized List<JsonNode> listTables(String workspaceId, String lakehouseId) {
        Item lh = item(workspaceId, lakehouseId, LAKEHOUSE);
        if (lh.schemasEnabled) {
            throw schemasEnabled();
        }
        List<JsonNode> result = new ArrayList<>();
        for (TableInfo t : lh.tables.values()) {
            result.add(HttpCall.JSON.createObjectNode()
                    .put("type", "Managed")
                    .put("name", t.name())
                    .put("location", "abfss://" + lh.workspaceId + "@onelake.dfs.fabric.microsoft.com/" + lh.id + "/Tables/" + t.name())
                    .put("format", "Delta"));
        }
        return result;
    }

    private static FabricError schemasEnabled() {
        return new FabricError(400, "UnsupportedOperationForSchemasEnabledLakehouse",
                "The operation is not supported for Lakehouse with schemas enabled.");
    }

    /** The tables of a lakehouse as the emulator recorded them (columns, row counts). */
    public synchronized List<TableInfo> tables(String workspaceId, String lakehouseId) {
        return List.copyOf(item(workspaceId, lakehouseId, LAKEHOUSE).tables.values());
    }

    public Outcome loadTable(String workspaceId, String lakehouseId, String tableName, JsonNode body) {
        Item lh;
        synchronized (this) {
            lh = item(workspaceId, lakehouseId, LAKEHOUSE);
            if (lh.schemasEnabled) {
                throw schemasEnabled();
            }
        }
        if (!TABLE_NAME.matcher(tableName).matches()) {
            throw FabricError.badRequest("The table name '" + tableName + "' is invalid.");
        }
        String relativePath = requiredText(body, "relativePath");
        if (!RELATIVE_PATH.matcher(relativePath).matches()) {
            throw FabricError.badRequest("The RelativePath field must start with 'Files'.");
        }
        String pathType = requiredText(body, "pathType");
        if (!pathType.equals("File") && !pathType.equals("Folder")) {
            throw FabricError.badRequest("The PathType field must be File or Folder.");
        }
        String mode = text(body, "mode", "Overwrite");
        if (!mode.equals("Overwrite") && !mode.equals("Append")) {
            throw FabricError.badRequest("The Mode field must be Overwrite or Append.");
        }
        JsonNode formatOptions = body.path("formatOptions");
        String format = formatOptions.isObject() ? text(formatOptions, "format", "Csv") : "Csv";
        if (!format.equals("Csv") && !format.equals("Parquet")) {
            throw FabricError.badRequest("The Format field must be Csv or Parquet.");
        }
        boolean header = formatOptions.path("header").asBoolean(false);
        String delimiter = formatOptions.path("delimiter").isTextual() ? formatOptions.path("delimiter").asText() : ",";
        String extension = text(body, "fileExtension", text(body, "extension", format.equals("Csv") ? "csv" : "parquet"));
        boolean recursive = body.path("recursive").asBoolean(false);
        Path lakehouseRoot = oneLake.itemRoot(lh.workspaceId, lh.id);
        Item target = lh;
        return operation("LoadTable", 202, true, false, false, () -> {
            if (format.equals("Parquet")) {
                throw new FabricError(400, "UnsupportedFileFormat", "The emulator loads Csv files only.");
            }
            Path source = lakehouseRoot.resolve(relativePath).normalize();
            if (!source.startsWith(lakehouseRoot.resolve("Files"))) {
                throw FabricError.badRequest("Target path doesn't exist");
            }
            List<Path> files = sourceFiles(source, pathType, extension, recursive);
            List<String> columns = null;
            long rows = 0;
            for (Path file : files) {
                String display = lakehouseRoot.relativize(file).toString().replace('\\', '/');
                CsvTableReader.Result r;
                try {
                    r = CsvTableReader.read(file, display, delimiter, header);
                } catch (CsvTableReader.MalformedCsv e) {
                    ArrayNode details = HttpCall.JSON.createArrayNode();
                    details.addObject().put("errorCode", "MalformedCsvRow").put("message", e.getMessage());
                    throw new FabricError(400, "InvalidInputData", e.getMessage(), details, false);
                }
                if (columns == null) {
                    columns = r.columns();
                } else if (!columns.equals(r.columns()) && !r.columns().isEmpty()) {
                    throw new FabricError(400, "SchemaMismatch", "The columns of '" + display + "' " + r.columns()
                            + " differ from the columns of the other files " + columns + ".");
                }
                rows += r.rows();
            }
            List<String> cols = columns == null ? List.of() : columns;
            List<String> sources = files.stream().map(f -> lakehouseRoot.relativize(f).toString().replace('\\', '/')).toList();
            synchronized (this) {
                TableInfo existing = target.tables.get(tableName);
                if (mode.equals("Append") && existing != null) {
                    if (!existing.columns().equals(cols)) {
                        throw new FabricError(400, "SchemaMismatch", "Cannot append to table '" + tableName + "': its columns "
                                + existing.columns() + " differ from the loaded columns " + cols + ".");
                    }
                    target.tables.put(tableName, new TableInfo(tableName, cols, existing.rowCount() + rows, sources, clock.instant()));
                } else {
                    target.tables.put(tableName, new TableInfo(tableName, cols, rows, sources, clock.instant()));
                }
            }
            Files.createDirectories(lakehouseRoot.resolve("Tables").resolve(tableName));
            return null;
        }, () -> {
        });
    }

    private static List<Path> sourceFiles(Path source, String pathType, String extension, boolean recursive) throws IOException {
        if (pathType.equals("File")) {
            if (!Files.isRegularFile(source)) {
                throw FabricError.badRequest("Target path doesn't exist");
            }
            return List.of(source);
        }
        if (!Files.isDirectory(source)) {
            throw FabricError.badRequest("Target path doesn't exist");
        }
        String suffix = "." + extension.toLowerCase(Locale.ROOT);
        try (Stream<Path> walk = recursive ? Files.walk(source) : Files.list(source)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(suffix))
                    .sorted(Comparator.comparing(Path::toString)).collect(Collectors.toList());
            if (files.isEmpty()) {
                throw FabricError.badRequest("No files with extension '" + extension + "' were found in the folder");
            }
            return files;
        }
    }

    // ---------------------------------------------------------------- operations

    /**
     * Runs {@code work} as an operation, or at once on the fast path. {@code alwaysLro}: the call only answers 202
     * (table load). {@code hasResult}: whether {@code /result} returns the work's result.
     */
    private Outcome operation(String kind, int immediateStatus, boolean alwaysLro, boolean hasResult, boolean forceNow, Work work,
            Runnable onFailure) {
        Optional<Fault> failure = forceNow ? Optional.empty() : faults.takeOperationFailure(kind);
        boolean lro = !forceNow && (alwaysLro || settings.longRunningOperations);
        if (!lro) {
            if (failure.isPresent()) {
                onFailure.run();
                throw new FabricError(400, failure.get().errorCode(), Optional.ofNullable(failure.get().message()).orElse("The operation failed."));
            }
            try {
                JsonNode result = work.run();
                return Outcome.now(immediateStatus, result);
            } catch (FabricError e) {
                onFailure.run();
                throw e;
            } catch (Exception e) {
                onFailure.run();
                throw new FabricError(500, "InternalError", "The operation failed unexpectedly.");
            }
        }
        Duration duration = faults.slowOperation(kind).orElse(settings.operationDuration);
        Operation op = new Operation(UUID.randomUUID().toString(), kind, clock.instant());
        operations.put(op.id, op);
        Runnable complete = () -> complete(op, failure, hasResult, work, onFailure);
        if (duration.isZero() || duration.isNegative()) {
            complete.run();
        } else {
            scheduler.schedule(complete, duration.toMillis(), TimeUnit.MILLISECONDS);
        }
        return Outcome.accepted(op.id);
    }

    private void complete(Operation op, Optional<Fault> failure, boolean hasResult, Work work, Runnable onFailure) {
        try {
            if (failure.isPresent()) {
                throw new FabricError(400, failure.get().errorCode(), Optional.ofNullable(failure.get().message()).orElse("The operation failed."));
            }
            JsonNode result = work.run();
            op.result = hasResult ? result : null;
            op.lastUpdatedAt = clock.instant();
            op.status = "Succeeded";
        } catch (FabricError e) {
            onFailure.run();
            op.error = e.body(null);
            op.lastUpdatedAt = clock.instant();
            op.status = "Failed";
        } catch (Exception e) {
            onFailure.run();
            op.error = new FabricError(500, "InternalError", "The operation failed unexpectedly.").body(null);
            op.lastUpdatedAt = clock.instant();
            op.status = "Failed";
        }
    }

    /** The OperationState body of an operation. */
    public ObjectNode operationState(String operationId) {
        Operation op = operation(operationId);
        ObjectNode n = HttpCall.JSON.createObjectNode()
                .put("status", op.status)
                .put("createdTimeUtc", Timestamps.format(op.createdAt))
                .put("lastUpdatedTimeUtc", Timestamps.format(op.lastUpdatedAt));
        if ("Succeeded".equals(op.status)) {
            n.put("percentComplete", 100);
        } else {
            n.putNull("percentComplete");
        }
        if (op.error != null) {
            n.set("error", op.error);
        } else {
            n.putNull("error");
        }
        return n;
    }

    public boolean operationDone(String operationId) {
        return operation(operationId).done();
    }

    /** The result of a succeeded operation; 400 OperationHasNoResult otherwise. */
    public JsonNode operationResult(String operationId) {
        Operation op = operation(operationId);
        if (!"Succeeded".equals(op.status)) {
            throw new FabricError(400, "OperationNotSucceeded", "The operation has not succeeded");
        }
        if (op.result == null) {
            throw new FabricError(400, "OperationHasNoResult", "The operation has no result");
        }
        return op.result;
    }

    private Operation operation(String id) {
        Operation op = operations.get(id == null ? "" : id.toLowerCase(Locale.ROOT));
        if (op == null) {
            throw new FabricError(404, "OperationNotFound", "The requested operation was not found");
        }
        return op;
    }

    // ---------------------------------------------------------------- admin

    public synchronized ObjectNode state() {
        refresh();
        ObjectNode root = HttpCall.JSON.createObjectNode();
        ArrayNode ws = root.putArray("workspaces");
        for (Workspace w : workspaces.values()) {
            ObjectNode wn = workspaceJson(w, false);
            ws.add(wn);
            ArrayNode its = wn.putArray("items");
            for (Item i : items.values()) {
                if (!i.workspaceId.equals(w.id)) {
                    continue;
                }
                ObjectNode in = itemJson(i, true);
                in.put("visible", i.visible);
                if (i.definitionParts != null) {
                    ArrayNode paths = in.putArray("definitionParts");
                    i.definitionParts.forEach(p -> paths.add(p.path("path").asText()));
                }
                if (i.type.equals(LAKEHOUSE)) {
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
                its.add(in);
            }
        }
        ArrayNode ops = root.putArray("operations");
        operations.values().stream().sorted(Comparator.comparing(o -> o.createdAt)).forEach(o -> {
            ObjectNode on = operationState(o.id);
            on.put("id", o.id).put("kind", o.kind);
            ops.add(on);
        });
        return root;
    }

    public synchronized void reset() {
        workspaces.clear();
        items.clear();
        operations.clear();
        heldNames.clear();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    // ---------------------------------------------------------------- helpers

    static String requiredText(JsonNode body, String field) {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw FabricError.badRequest("The " + Character.toUpperCase(field.charAt(0)) + field.substring(1) + " field is required.");
        }
        return v.asText();
    }

    static String text(JsonNode body, String field, String fallback) {
        JsonNode v = body == null ? null : body.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }
}
