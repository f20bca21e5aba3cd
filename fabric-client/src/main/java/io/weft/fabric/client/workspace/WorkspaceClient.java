package io.weft.fabric.client.workspace;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weft.fabric.client.ClientErrorCodes;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.http.FabricCall;
import io.weft.fabric.client.http.FabricHttp;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Workspaces: resolve by id or display name (all pages), get, list, create, capacity and role assignment. */
public class WorkspaceClient {

    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final FabricHttp http;

    public WorkspaceClient(FabricHttp http) {
        this.http = http;
    }

    /**
     * The workspace whose id (a GUID) or display name is {@code idOrName}. A GUID is fetched directly; a name is
     * searched through every page of the workspace list.
     *
     * @throws FabricException {@code [NotFound]} when no workspace has that name; Fabric's own code for a missing id
     */
    public Workspace resolve(String idOrName) {
        if (GUID.matcher(idOrName).matches()) {
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

    /** Starts assigning the workspace to a capacity (202 without an operation; watch {@code get}). */
    public void assignToCapacity(String workspaceId, String capacityId) {
        http.send(FabricCall.post("/workspaces/{workspaceId}/assignToCapacity", new CapacityRequest(capacityId), workspaceId));
    }

    public WorkspaceRoleAssignment addRoleAssignment(String workspaceId, String principalId, String principalType, String role) {
        return http.read(FabricCall.post("/workspaces/{workspaceId}/roleAssignments",
                new WorkspaceRoleAssignment(null, new WorkspaceRoleAssignment.Principal(principalId, principalType), role),
                workspaceId), WorkspaceRoleAssignment.class);
    }

    public List<WorkspaceRoleAssignment> listRoleAssignments(String workspaceId) {
        return http.listAll(FabricCall.get("/workspaces/{workspaceId}/roleAssignments", workspaceId), "value",
                WorkspaceRoleAssignment.class);
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
