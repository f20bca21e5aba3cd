package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.http.HttpCall;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Workspace role assignments. As in Fabric, an assignment's id is its principal's id; a principal has at most one
 * role per workspace ({@code PrincipalAlreadyHasWorkspaceRolePermissions} otherwise), and a service principal
 * profile cannot be Admin ({@code WorkspaceRoleNotAllowedForServicePrincipalProfile}).
 */
public final class RoleAssignments {

    static final Set<String> ROLES = Set.of("Admin", "Member", "Contributor", "Viewer");
    static final Set<String> TYPES = Set.of("User", "Group", "ServicePrincipal", "ServicePrincipalProfile");
    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private record Assignment(String principalId, String type, String role) {
    }

    /** workspace id → principal id → assignment, in the order added. */
    private final Map<String, Map<String, Assignment>> byWorkspace = new ConcurrentHashMap<>();
    private final FabricService service;

    public RoleAssignments(FabricService service) {
        this.service = service;
    }

    public ObjectNode add(String workspaceId, JsonNode body) {
        String ws = existing(workspaceId);
        JsonNode principal = body.path("principal");
        String id = Bodies.text(principal, "id", null);
        String type = Bodies.text(principal, "type", null);
        if (id == null || !GUID.matcher(id).matches()) {
            throw FabricError.badRequest("The Principal.Id field is required and must be a GUID.");
        }
        if (type == null || !TYPES.contains(type)) {
            throw new FabricError(400, "InvalidPrincipalType", "The principal type is not valid");
        }
        String role = role(body);
        if ("ServicePrincipalProfile".equals(type) && "Admin".equals(role)) {
            throw new FabricError(400, "WorkspaceRoleNotAllowedForServicePrincipalProfile",
                    "A service principal profile cannot be given the Admin role");
        }
        Map<String, Assignment> assignments = byWorkspace.computeIfAbsent(ws, k -> new LinkedHashMap<>());
        synchronized (assignments) {
            String key = id.toLowerCase(Locale.ROOT);
            if (assignments.containsKey(key)) {
                throw new FabricError(409, "PrincipalAlreadyHasWorkspaceRolePermissions",
                        "The principal already has a role in this workspace");
            }
            Assignment a = new Assignment(key, type, role);
            assignments.put(key, a);
            return json(a);
        }
    }

    public List<JsonNode> list(String workspaceId) {
        Map<String, Assignment> assignments = byWorkspace.getOrDefault(existing(workspaceId), Map.of());
        synchronized (assignments) {
            return assignments.values().stream().map(a -> (JsonNode) json(a)).toList();
        }
    }

    public ObjectNode get(String workspaceId, String assignmentId) {
        return json(assignment(workspaceId, assignmentId));
    }

    public ObjectNode update(String workspaceId, String assignmentId, JsonNode body) {
        String role = role(body);
        Assignment a = assignment(workspaceId, assignmentId);
        if ("ServicePrincipalProfile".equals(a.type) && "Admin".equals(role)) {
            throw new FabricError(400, "WorkspaceRoleNotAllowedForServicePrincipalProfile",
                    "A service principal profile cannot be given the Admin role");
        }
        Assignment updated = new Assignment(a.principalId, a.type, role);
        Map<String, Assignment> assignments = byWorkspace.get(existing(workspaceId));
        synchronized (assignments) {
            assignments.put(a.principalId, updated);
        }
        return json(updated);
    }

    public void delete(String workspaceId, String assignmentId) {
        Assignment a = assignment(workspaceId, assignmentId);
        Map<String, Assignment> assignments = byWorkspace.get(existing(workspaceId));
        synchronized (assignments) {
            assignments.remove(a.principalId);
        }
    }

    /** principal id → role of a workspace, for tests and the state view. */
    public Map<String, String> roles(String workspaceId) {
        Map<String, Assignment> assignments = byWorkspace.getOrDefault(workspaceId.toLowerCase(Locale.ROOT), Map.of());
        synchronized (assignments) {
            Map<String, String> roles = new LinkedHashMap<>();
            assignments.values().forEach(a -> roles.put(a.principalId, a.type + ":" + a.role));
            return roles;
        }
    }

    public void reset() {
        byWorkspace.clear();
    }

    private Assignment assignment(String workspaceId, String assignmentId) {
        Map<String, Assignment> assignments = byWorkspace.getOrDefault(existing(workspaceId), Map.of());
        synchronized (assignments) {
            Assignment a = assignments.get(assignmentId.toLowerCase(Locale.ROOT));
            if (a == null) {
                throw new FabricError(404, "WorkspaceRoleAssignmentNotFound", "The requested role assignment was not found");
            }
            return a;
        }
    }

    private String existing(String workspaceId) {
        return service.workspaces().get(workspaceId).path("id").asText();
    }

    private static String role(JsonNode body) {
        String role = Bodies.requiredText(body, "role");
        if (!ROLES.contains(role)) {
            throw FabricError.badRequest("The Role field must be one of Admin, Member, Contributor, Viewer.");
        }
        return role;
    }

    private static ObjectNode json(Assignment a) {
        ObjectNode n = HttpCall.JSON.createObjectNode().put("id", a.principalId);
        n.putObject("principal").put("id", a.principalId).put("type", a.type);
        n.put("role", a.role);
        return n;
    }
}
