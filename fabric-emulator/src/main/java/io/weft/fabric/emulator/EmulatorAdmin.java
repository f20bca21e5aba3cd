package io.weft.fabric.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.admin.FaultRegistry;
import io.weft.fabric.emulator.fabric.FabricService;
import io.weft.fabric.emulator.fabric.Capacities;
import io.weft.fabric.emulator.fabric.TableInfo;
import io.weft.fabric.emulator.fabric.WorkspaceAccess;
import io.weft.fabric.emulator.http.HttpCall;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * In-process control of a running emulator, the same as its {@code /_emulator/...} HTTP API: faults, settings,
 * state, reset, and seeding workspaces and lakehouses without going through REST.
 */
public final class EmulatorAdmin {

    private final FabricService service;
    private final FaultRegistry faults;
    private final WorkspaceAccess access;
    private final io.weft.fabric.emulator.entra.TokenService tokens;
    private final io.weft.fabric.emulator.admin.RequestLog requests;
    private final io.weft.fabric.emulator.keyvault.SecretStore secrets;

    EmulatorAdmin(FabricService service, FaultRegistry faults, WorkspaceAccess access, io.weft.fabric.emulator.entra.TokenService tokens,
            io.weft.fabric.emulator.admin.RequestLog requests, io.weft.fabric.emulator.keyvault.SecretStore secrets) {
        this.secrets = secrets;
        this.tokens = tokens;
        this.requests = requests;
        this.service = service;
        this.faults = faults;
        this.access = access;
    }

    /**
     * A token signed with the tenant's key without going through the token endpoint: the claims of an app-only
     * token for {@code audience} with {@code roles}, then {@code overrides} over them (an {@code exp} in the past, a
     * foreign {@code iss}): what a test needs to prove a service refuses it.
     */
    public String issueToken(String clientId, String audience, List<String> roles, Map<String, Object> overrides) {
        return tokens.issue(clientId, audience, roles, overrides);
    }

    /**
     * Sets a new version of a Key Vault secret (what {@code PUT /secrets/{name}} does), so that a test can seed or
     * rotate one; returns the version id.
     */
    public String setSecret(String name, String value) {
        return secrets.set(name, value, null).version();
    }

    /** Injects a fault; returns its id. */
    public String addFault(Fault fault) {
        return faults.add(fault);
    }

    /** Removes one fault; false when it was not there (e.g. used up). */
    public boolean removeFault(String id) {
        return faults.remove(id);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** true: LRO-capable calls answer 202 and an operation; false: 201/200 with the result at once. */
    public EmulatorAdmin longRunningOperations(boolean enabled) {
        service.settings().longRunningOperations = enabled;
        return this;
    }

    /** Back to Fabric's own rule: creates answer 201 or 202 per item type, definitions 202 (no per-type overrides). */
    public EmulatorAdmin createsPerItemType() {
        service.settings().longRunningOperations = null;
        service.settings().createStatus.clear();
        return this;
    }

    /** Creates of {@code type} answer {@code status} (201 or 202) whatever the global switch says. */
    public EmulatorAdmin createStatus(String type, int status) {
        service.settings().createStatus.put(type.toLowerCase(java.util.Locale.ROOT),
                io.weft.fabric.emulator.fabric.CreateResponses.checkStatus(type, status));
        return this;
    }

    /** How long new operations stay Running. */
    public EmulatorAdmin operationDuration(Duration duration) {
        service.settings().operationDuration = duration;
        service.settings().fixedTiming = true;
        return this;
    }

    /** Entries per page of paged lists. */
    public EmulatorAdmin pageSize(int pageSize) {
        service.settings().pageSize = pageSize;
        return this;
    }

    /** Retry-After (seconds) on 202 responses and running operations. */
    public EmulatorAdmin retryAfterSeconds(int seconds) {
        service.settings().retryAfterSeconds = seconds;
        service.settings().fixedTiming = true;
        return this;
    }

    /** The job scheduler: script runs (failing, stuck, Deduped), refuse starts, count runs. */
    public io.weft.fabric.emulator.fabric.ItemJobs jobs() {
        return service.jobs();
    }

    /** Power BI semantic model refreshes: scripted behaviours, scheduled refreshes to collide with, counts. */
    public io.weft.fabric.emulator.fabric.PowerBiRefreshes refreshes() {
        return service.refreshes();
    }

    /** Workspaces, items, tables and operations as JSON (the body of {@code GET /_emulator/state}). */
    public ObjectNode state() {
        return service.state();
    }

    /**
     * Forgets all workspaces, items, operations, capacity and role assignments, added capacities and faults (OneLake
     * files stay on disk but become unreachable); the same as {@code POST /_emulator/reset}.
     */
    public void reset() {
        service.reset();
        access.reset();
        faults.clear();
        requests.clear();
    }

    /**
     * The Fabric, Power BI and OneLake requests answered so far, oldest first (as {@code GET /_emulator/requests}):
     * what a client did, e.g. that a plan only read.
     */
    public java.util.List<io.weft.fabric.emulator.admin.RequestLog.Entry> requests() {
        return requests.entries();
    }

    /** Forgets the recorded requests (as {@code DELETE /_emulator/requests}). */
    public void clearRequests() {
        requests.clear();
    }

    /** A workspace's role assignments: principal id → {@code Type:Role}, in the order they were added. */
    public Map<String, String> roleAssignments(String workspaceId) {
        return access.roles().roles(workspaceId);
    }

    /** Connections (create one as an administrator would, read a semantic model's bindings). */
    public io.weft.fabric.emulator.fabric.Connections connections() {
        return access.connections();
    }

    /** Adds a capacity to the list (three from the spec's example are there from the start). */
    public void addCapacity(Capacities.Capacity capacity) {
        access.capacities().add(capacity);
    }

    /** Creates a workspace directly; returns its id. */
    public String createWorkspace(String displayName) {
        return service.workspaces().create(HttpCall.JSON.createObjectNode().put("displayName", displayName)).path("id").asText();
    }

    /** Creates an item of any type without a definition (a DataPipeline, a Notebook, ...) at once; answers its id. */
    public String createItem(String workspaceId, String type, String displayName) {
        return service.items().create(workspaceId, type, HttpCall.JSON.createObjectNode().put("displayName", displayName), true)
                .body().path("id").asText();
    }

    /** Creates a TMDL semantic model with these tables directly (no operation, no faults); answers its id. */
    public String createSemanticModel(String workspaceId, String displayName, String... tables) {
        ObjectNode body = HttpCall.JSON.createObjectNode().put("displayName", displayName);
        ObjectNode definition = body.putObject("definition").put("format", "TMDL");
        var parts = definition.putArray("parts");
        java.util.function.BiConsumer<String, String> part = (path, text) -> parts.addObject().put("path", path)
                .put("payload", java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .put("payloadType", "InlineBase64");
        part.accept("definition.pbism", "{\"version\":\"4.0\",\"settings\":{}}");
        part.accept("definition/model.tmdl", "model Model\n\tculture: en-US\n");
        for (String table : tables) {
            part.accept("definition/tables/" + table + ".tmdl", "table " + table + "\n");
        }
        return service.items().create(workspaceId, FabricService.SEMANTIC_MODEL, body, true).body().path("id").asText();
    }

    /** Creates a lakehouse directly (no operation, no faults); returns its id. */
    public String createLakehouse(String workspaceId, String displayName, boolean enableSchemas) {
        ObjectNode body = HttpCall.JSON.createObjectNode().put("displayName", displayName);
        if (enableSchemas) {
            body.putObject("creationPayload").put("enableSchemas", true);
        }
        return service.items().create(workspaceId, FabricService.LAKEHOUSE, body, true).body().path("id").asText();
    }

    /** The tables a load created in a lakehouse, with columns and row counts. */
    public List<TableInfo> tables(String workspaceId, String lakehouseId) {
        return service.tables().tables(workspaceId, lakehouseId);
    }
}
