package io.weft.provisioner.service.workspace;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A resource a workspace job changed, and how to undo it.
 *
 * @param kind        {@code workspace}, {@code capacityAssignment} (a pre-existing workspace this run moved to a
 *                    capacity), {@code roleAssignment}, {@code roleUpdate} (an existing assignment whose role this
 *                    run changed) or {@code lakehouse}
 * @param id          the resource's id (for role assignments, the principal id, which Fabric uses as the
 *                    assignment's id; for a capacity assignment, the capacity's id)
 * @param name        what users know it by
 * @param workspaceId the workspace it lives in (its own id for a workspace)
 * @param previous    what to restore: a role update's earlier role, a capacity assignment's earlier capacity id
 *                    (null: the workspace had none); null otherwise
 */
public record CreatedResource(String kind, String id, String name, String workspaceId, String previous) {

    public static final String WORKSPACE = "workspace";
    public static final String CAPACITY_ASSIGNMENT = "capacityAssignment";
    public static final String ROLE_ASSIGNMENT = "roleAssignment";
    public static final String ROLE_UPDATE = "roleUpdate";
    public static final String LAKEHOUSE = "lakehouse";

    /** The form in events and results. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", kind);
        map.put("id", id);
        map.put("name", name);
        if (previous != null) {
            map.put("previous", previous);
        }
        return map;
    }

    /** {@code lakehouse sales_bronze (id)}: for progress details and messages. */
    public String describe() {
        return kind + " " + name + " (" + id + ")";
    }

    /** Whether this is the same change as the other, as recorded by an earlier attempt (ids compared ignoring case). */
    boolean sameAs(CreatedResource other) {
        return kind.equals(other.kind) && id.toLowerCase(Locale.ROOT).equals(other.id.toLowerCase(Locale.ROOT))
                && Objects.equals(workspaceId, other.workspaceId);
    }

    /** The verb of its undo, for the rollback's progress events. */
    String undoVerb() {
        return kind.equals(ROLE_UPDATE) || kind.equals(CAPACITY_ASSIGNMENT) ? "restored " : "deleted ";
    }
}
