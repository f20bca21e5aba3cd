package io.weft.fabric.client.workspace;

import io.weft.fabric.client.FabricIds;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.weft.fabric.client.ClientErrorCodes;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.http.FabricCall;
import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.client.config.FabricSettings;

import java.time.Duration;

import java.util.List;
import java.util.Optional;

/** Workspaces: resolve by id or display name (all pages), get, list, create, delete, capacity assignment and its progress. */
public class WorkspaceClient {


    /** The error code of a capacity assignment Fabric reports as Failed. */
    public static final String CAPACITY_ASSIGNMENT_FAILED = "CapacityAssignmentFailed";

    private final FabricHttp http;
    private final Sleeper sleeper;

    public WorkspaceClient(FabricHttp http) {
        this(http, Sleeper.THREAD);
    }

    public WorkspaceClient(FabricHttp http, Sleeper sleeper) {
        this.http = http;
        this.sleeper = sleeper;
    }

    /**
     * The workspace whose id (a GUID) or display name is {@code idOrName}. A GUID is fetched directly; a name is
     * searched through every page of the workspace list.
     *
     * @throws FabricException {@code [NotFound]} when no workspace has that name; Fabric's own code for a missing id
     */
    public Workspace resolve(String idOrName) {
        if (FabricIds.isGuid(idOrName)) {
            return get(idOrName);
        }
        return findByName(idOrName).orElseThrow(() -> new FabricException(ClientErrorCodes.NOT_FOUND,
                "No workspace named '" + idOrName + "' is visible to this identity", null, 404, false, null));
    }

    public Workspace get(String workspaceId) {
        return http.read(FabricCall.get("/workspaces/{workspaceId}", workspaceId), Workspace.class);
    }

    public List<Workspace> list() {
        return http.listAll(FabricCall.get("/workspaces"), "value", Workspace.class);
    }

    public Optional<Workspace> findByName(String displayName) {
        return list().stream().filter(w -> displayName.equalsIgnoreCase(w.displayName())).findFirst();
    }

    /** Creates a workspace (201); {@code capacityId} may be null. Name conflicts raise {@code WorkspaceNameAlreadyExists}. */
    public Workspace create(String displayName, String description, String capacityId) {
        return http.read(FabricCall.post("/workspaces", new CreateWorkspaceRequest(displayName, description, capacityId)),
                Workspace.class);
    }

    /**
     * Starts assigning the workspace to a capacity: Fabric answers 202 with no operation; the workspace's
     * {@code capacityAssignmentProgress} tells how it goes (see {@link #awaitCapacityAssignment}).
     */
    public void assignToCapacity(String workspaceId, String capacityId) {
        http.send(FabricCall.post("/workspaces/{workspaceId}/assignToCapacity", new CapacityRequest(capacityId), workspaceId));
    }

    /** Moves the workspace off its capacity (202, no operation). */
    public void unassignFromCapacity(String workspaceId) {
        http.send(FabricCall.post("/workspaces/{workspaceId}/unassignFromCapacity", null, workspaceId));
    }

    /**
     * Polls the workspace until its {@code capacityAssignmentProgress} is {@code Completed}, waiting with the
     * operation backoff ({@code weft.fabric.operations.initial-delay} doubling up to {@code max-delay}) within the
     * operation budget, since Fabric gives no Retry-After for this.
     *
     * @param onPoll told the workspace as each poll sees it
     * @return the workspace once assigned
     * @throws FabricException {@value #CAPACITY_ASSIGNMENT_FAILED} when Fabric reports {@code Failed};
     *                         {@code OperationTimedOut} when the budget runs out
     */
    public Workspace awaitCapacityAssignment(String workspaceId, java.util.function.Consumer<Workspace> onPoll)
            throws InterruptedException {
        FabricSettings.Operations operations = http.settings().operations();
        long deadline = System.nanoTime() + operations.budget().toNanos();
        Duration wait = operations.initialDelay();
        while (true) {
            Workspace w = get(workspaceId);
            onPoll.accept(w);
            String progress = w.capacityAssignmentProgress();
            if (progress == null || Workspace.ASSIGNMENT_COMPLETED.equals(progress)) {
                return w;
            }
            if (Workspace.ASSIGNMENT_FAILED.equals(progress)) {
                throw new FabricException(CAPACITY_ASSIGNMENT_FAILED, "Fabric reports capacityAssignmentProgress Failed for workspace "
                        + workspaceId + " (capacity now " + w.capacityId() + ")", null, 200, false, null);
            }
            if (System.nanoTime() + wait.toNanos() > deadline) {
                throw new FabricException(ClientErrorCodes.OPERATION_TIMED_OUT, "The capacity assignment of workspace " + workspaceId
                        + " was still " + progress + " after " + operations.budget(), null, 200, true, null);
            }
            sleeper.sleep(wait);
            Duration doubled = wait.multipliedBy(2);
            wait = doubled.compareTo(operations.maxDelay()) > 0 ? operations.maxDelay() : doubled;
        }
    }

    public void delete(String workspaceId) {
        http.send(FabricCall.delete("/workspaces/{workspaceId}", workspaceId));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreateWorkspaceRequest(String displayName, String description, String capacityId) {
    }

    record CapacityRequest(String capacityId) {
    }
}
