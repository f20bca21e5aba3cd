package io.weft.support.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a job run with {@code plan: true} found it would do to one item or role assignment, without doing it.
 *
 * @param itemType     Fabric's item type ({@code SemanticModel}, {@code Lakehouse}, {@code Workspace}) or
 *                     {@code RoleAssignment}
 * @param name         the item's display name, or the principal of a role assignment
 * @param action       what the job would do
 * @param changedParts for an update of a definition, the parts whose content differs (by SHA-256); else empty
 * @param reason       why, in words a user can act on
 */
public record PlannedChange(String itemType, String name, Action action, List<String> changedParts, String reason) {

    /** The actions a plan reports; lower-case on the wire. */
    public enum Action {
        CREATE, UPDATE, UNCHANGED, REFUSED, DELETE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PlannedChange {
        changedParts = changedParts == null ? List.of() : List.copyOf(changedParts);
    }

    public static PlannedChange of(String itemType, String name, Action action, String reason) {
        return new PlannedChange(itemType, name, action, List.of(), reason);
    }

    /** As the job result carries it. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("itemType", itemType);
        map.put("name", name);
        map.put("action", action.wire());
        map.put("changedParts", changedParts);
        map.put("reason", reason);
        return map;
    }

    /**
     * A plan job's result: {@code plan} (one entry per item, in order) and {@code summary} (count per action, every
     * action listed), plus {@code planned: true} so nobody mistakes it for a change made.
     */
    public static Map<String, Object> result(List<PlannedChange> changes, Map<String, Object> context) {
        Map<String, Object> result = new LinkedHashMap<>(context);
        result.put("planned", true);
        result.put("plan", changes.stream().map(PlannedChange::toMap).toList());
        result.put("summary", counts(changes));
        return result;
    }

    /** How many changes of each action, every action listed (0 included), in the order of {@link Action}. */
    public static Map<String, Object> counts(List<PlannedChange> changes) {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (Action action : Action.values()) {
            counts.put(action.wire(), changes.stream().filter(c -> c.action() == action).count());
        }
        return counts;
    }
}
