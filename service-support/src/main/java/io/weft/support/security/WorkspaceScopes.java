package io.weft.support.security;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What a caller may reach, from {@link WorkspaceScopesConfig}. */
@ApplicationScoped
public class WorkspaceScopes {

    /** The grant of every workspace. */
    public static final String ALL = "*";

    private final boolean on;
    private final Map<String, Set<String>> grants = new java.util.HashMap<>();

    public WorkspaceScopes(WorkspaceScopesConfig config) {
        this.on = config.scoping() == WorkspaceScopesConfig.Scoping.ON;
        config.workspaceScopes().forEach((principal, targets) -> grants.put(principal.toLowerCase(Locale.ROOT),
                lower(targets)));
    }

    /** The caller's reach; a caller without a token (never past the role checks) reaches nothing when scoping is on. */
    public Access of(Caller caller) {
        if (!on || (caller != null && caller.admin())) {
            return Access.EVERYWHERE;
        }
        Set<String> reach = new HashSet<>();
        if (caller != null) {
            caller.keys().forEach(key -> reach.addAll(grants.getOrDefault(key, Set.of())));
        }
        return reach.contains(ALL) ? Access.EVERYWHERE : new Access(false, Set.copyOf(reach));
    }

    private static Set<String> lower(List<String> targets) {
        Set<String> lower = new HashSet<>();
        targets.forEach(t -> lower.add(t.strip().toLowerCase(Locale.ROOT)));
        return lower;
    }

    /**
     * Where a caller may go.
     *
     * @param everywhere true: no limit
     * @param targets    otherwise, the workspaces, {@code environment:<name>} and {@code pipeline:<name>} keys it may reach, lower case
     */
    public record Access(boolean everywhere, Set<String> targets) {

        public static final Access EVERYWHERE = new Access(true, Set.of());

        /** Whether a job keyed {@code target} (a command's partition key: workspace, environment:…, pipeline:…) is in reach. */
        public boolean allows(String target) {
            return everywhere || (target != null && targets.contains(target.toLowerCase(Locale.ROOT)));
        }
    }
}
