package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.admin.FaultRegistry;
import io.weft.fabric.emulator.http.HttpCall;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Capacities and the assignment of workspaces to them. {@code assignToCapacity} answers 202 with no operation,
 * as Fabric does; the workspace's {@code capacityAssignmentProgress} is {@code InProgress} for the operation
 * duration (or a {@code slowOperation} fault of kind {@value #OPERATION_KIND}), then {@code Completed}, or
 * {@code Failed} when an {@code operationFailure} fault of that kind was planned, in which case the workspace keeps
 * its previous capacity.
 */
public final class Capacities {

    /** The operation kind that faults name to hit capacity assignments. */
    public static final String OPERATION_KIND = "AssignToCapacity";

    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    /** A capacity as listed: the shape of the spec's Capacity. */
    public record Capacity(String id, String displayName, String sku, String region, String state) {
    }

    private record Assignment(String capacityId, String previousCapacityId, Instant completesAt, boolean fails) {
    }

    private final Map<String, Capacity> capacities = new LinkedHashMap<>();
    private final Map<String, Assignment> assignments = new ConcurrentHashMap<>();
    private final FabricService service;
    private final FaultRegistry faults;
    private final Clock clock;

    public Capacities(FabricService service, FaultRegistry faults, Clock clock) {
        this.service = service;
        this.faults = faults;
        this.clock = clock;
        seed();
    }

    /** The capacities of the spec's ListCapacities example (F8 Inactive), so examples and demos find them. */
    private void seed() {
        add(new Capacity("96f3f0ff-4fe2-4712-b61b-05a456ba9357", "F4 Capacity", "F4", "West Central US", "Active"));
        add(new Capacity("0b9a4952-b5e7-4a55-8739-3e7251a2fd43", "F8 Capacity", "F8", "West Central US", "Inactive"));
        add(new Capacity("af196b7b-0bf8-4430-b383-ad48d14f4edf", "F16 Capacity", "F16", "West Central US", "Active"));
    }

    public synchronized void add(Capacity capacity) {
        capacities.put(capacity.id().toLowerCase(Locale.ROOT), capacity);
    }

    public synchronized List<JsonNode> list() {
        return capacities.values().stream().map(c -> (JsonNode) HttpCall.JSON.valueToTree(c)).toList();
    }

    public synchronized ObjectNode get(String capacityId) {
        return HttpCall.JSON.valueToTree(capacity(capacityId));
    }

    private Capacity capacity(String capacityId) {
        Capacity c = capacityId == null ? null : capacities.get(capacityId.toLowerCase(Locale.ROOT));
        if (c == null) {
            throw new FabricError(404, "CapacityNotFound", "The requested capacity was not found");
        }
        return c;
    }

    /** POST assignToCapacity: starts the assignment (202). */
    public void assign(String workspaceId, JsonNode body) {
        String capacityId = Bodies.requiredText(body, "capacityId");
        if (!GUID.matcher(capacityId).matches()) {
            throw FabricError.badRequest("The CapacityId field is not a valid GUID.");
        }
        Workspace w = service.workspaces().workspace(service.workspaces().get(workspaceId).path("id").asText());
        Capacity c;
        synchronized (this) {
            c = capacity(capacityId);
        }
        if (!"Active".equals(c.state())) {
            throw new FabricError(400, "CapacityNotInActiveState", "The capacity is not in an active state");
        }
        boolean fails = faults.takeOperationFailure(OPERATION_KIND).isPresent();
        Duration duration = faults.slowOperation(OPERATION_KIND).orElse(service.settings().operationDuration);
        assignments.put(w.id, new Assignment(c.id(), w.capacityId, clock.instant().plus(duration), fails));
        w.capacityId = c.id();
    }

    /** POST unassignFromCapacity: the workspace moves off its capacity (202). */
    public void unassign(String workspaceId) {
        Workspace w = service.workspaces().workspace(service.workspaces().get(workspaceId).path("id").asText());
        if (w.capacityId == null) {
            throw new FabricError(400, "WorkspaceHasNoCapacityAssigned", "The workspace has no capacity assigned");
        }
        assignments.remove(w.id);
        w.capacityId = null;
    }

    /**
     * A workspace's JSON with the capacity assignment as it stands now: {@code capacityAssignmentProgress} when
     * the workspace has (or is getting) a capacity; a failed assignment leaves the previous capacity.
     */
    public ObjectNode describe(ObjectNode workspace) {
        String id = workspace.path("id").asText();
        Assignment a = assignments.get(id);
        if (a == null) {
            return workspace;
        }
        if (clock.instant().isBefore(a.completesAt)) {
            workspace.put("capacityAssignmentProgress", "InProgress");
        } else if (a.fails) {
            Workspace w = service.workspaces().workspace(id);
            if (a.capacityId.equals(w.capacityId)) {
                w.capacityId = a.previousCapacityId;
            }
            workspace.put("capacityAssignmentProgress", "Failed");
            if (a.previousCapacityId == null) {
                workspace.remove("capacityId");
                workspace.remove("capacityRegion");
            } else {
                workspace.put("capacityId", a.previousCapacityId);
            }
        } else {
            workspace.put("capacityAssignmentProgress", "Completed");
        }
        return workspace;
    }

    public void reset() {
        assignments.clear();
        synchronized (this) {
            capacities.clear();
            seed();
        }
    }
}
