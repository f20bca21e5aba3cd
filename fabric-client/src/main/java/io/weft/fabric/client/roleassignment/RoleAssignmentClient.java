package io.weft.fabric.client.roleassignment;

import io.weft.fabric.client.http.FabricCall;
import io.weft.fabric.client.http.FabricHttp;

import java.util.List;
import java.util.Optional;

/** Workspace role assignments: add, list (all pages), find by principal, get, update the role, delete. */
public class RoleAssignmentClient {

    private static final String ASSIGNMENTS = "/workspaces/{workspaceId}/roleAssignments";
    private static final String ASSIGNMENT = ASSIGNMENTS + "/{workspaceRoleAssignmentId}";

    private final FabricHttp http;

    public RoleAssignmentClient(FabricHttp http) {
        this.http = http;
    }

    /** Gives a principal a role (201). A principal with a role already raises {@code PrincipalAlreadyHasWorkspaceRolePermissions}. */
    public WorkspaceRoleAssignment add(String workspaceId, String principalId, String principalType, String role) {
        return http.read(FabricCall.post(ASSIGNMENTS, new AddRequest(new AddRequest.Principal(principalId, principalType), role),
                workspaceId), WorkspaceRoleAssignment.class);
    }

    public List<WorkspaceRoleAssignment> list(String workspaceId) {
        return http.listAll(FabricCall.get(ASSIGNMENTS, workspaceId), "value", WorkspaceRoleAssignment.class);
    }

    /** The assignment of this principal, if it has one. */
    public Optional<WorkspaceRoleAssignment> findByPrincipal(String workspaceId, String principalId) {
        return list(workspaceId).stream().filter(a -> a.principal() != null && principalId.equalsIgnoreCase(a.principal().id()))
                .findFirst();
    }

    public WorkspaceRoleAssignment get(String workspaceId, String assignmentId) {
        return http.read(FabricCall.get(ASSIGNMENT, workspaceId, assignmentId), WorkspaceRoleAssignment.class);
    }

    public WorkspaceRoleAssignment updateRole(String workspaceId, String assignmentId, String role) {
        return http.read(FabricCall.patch(ASSIGNMENT, new UpdateRequest(role), workspaceId, assignmentId), WorkspaceRoleAssignment.class);
    }

    public void delete(String workspaceId, String assignmentId) {
        http.send(FabricCall.delete(ASSIGNMENT, workspaceId, assignmentId));
    }

    record AddRequest(Principal principal, String role) {
        record Principal(String id, String type) {
        }
    }

    record UpdateRequest(String role) {
    }
}
