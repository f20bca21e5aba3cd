package io.weft.fabric.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.admin.FaultRegistry;
import io.weft.fabric.emulator.fabric.FabricService;
import io.weft.fabric.emulator.fabric.TableInfo;
import io.weft.fabric.emulator.http.HttpCall;

import java.time.Duration;
import java.util.List;

/**
 * In-process control of a running emulator, the same as its {@code /_emulator/...} HTTP API: faults, settings,
 * state, reset, and seeding workspaces and lakehouses without going through REST.
 */
public final class EmulatorAdmin {

    private final FabricService service;
    private final FaultRegistry faults;

    EmulatorAdmin(FabricService service, FaultRegistry faults) {
        this.service = service;
        this.faults = faults;
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

    /** How long new operations stay Running. */
    public EmulatorAdmin operationDuration(Duration duration) {
        service.settings().operationDuration = duration;
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
        return this;
    }

    /** Workspaces, items, tables and operations as JSON (the body of {@code GET /_emulator/state}). */
    public ObjectNode state() {
        return service.state();
    }

    /** Forgets all workspaces, items, operations and faults (OneLake files stay on disk but become unreachable). */
    public void reset() {
        service.reset();
        faults.clear();
    }

    /** Creates a workspace directly; returns its id. */
    public String createWorkspace(String displayName) {
        return service.createWorkspace(HttpCall.JSON.createObjectNode().put("displayName", displayName)).path("id").asText();
    }

    /** Creates a lakehouse directly (no operation, no faults); returns its id. */
    public String createLakehouse(String workspaceId, String displayName, boolean enableSchemas) {
        ObjectNode body = HttpCall.JSON.createObjectNode().put("displayName", displayName);
        if (enableSchemas) {
            body.putObject("creationPayload").put("enableSchemas", true);
        }
        return service.createItem(workspaceId, FabricService.LAKEHOUSE, body, true).body().path("id").asText();
    }

    /** The tables a load created in a lakehouse, with columns and row counts. */
    public List<TableInfo> tables(String workspaceId, String lakehouseId) {
        return service.tables(workspaceId, lakehouseId);
    }
}
