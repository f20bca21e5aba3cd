package io.weft.contracts.command;

import java.time.Instant;
import java.util.List;

/**
 * Provision a workspace: resolve or create it, assign it to a capacity, give principals their roles and create
 * its lakehouses; on failure, remove what this run created (unless {@code onFailure} is {@code keep}).
 * The principals come inline, as a principals file, or both; either way they are checked by
 * {@code io.weft.contracts.principals.PrincipalsParser}, every problem reported at once, before any change.
 *
 * @param jobId          the job this command starts
 * @param workspace      the workspace's display name (reused when it exists, created otherwise)
 * @param description    the description of a workspace this job creates, or null
 * @param capacity       the capacity to assign, GUID or display name, or null to leave the workspace as it is
 * @param principals     role assignments given inline, or null
 * @param principalsFile a principals file ({@code principal_id,role,description,type}), or null
 * @param lakehouses     the lakehouses to create, or null for the medallion set {@code bronze, silver, gold}
 * @param onFailure      what to do with this run's resources when it fails or is cancelled; null means rollback
 * @param requestedAt    when the request was accepted
 * @param plan           true: a dry run that reads Fabric and reports per item and role assignment what the job would
 *                       create, update or leave unchanged, and writes nothing
 * @param requestedBy who asked for it (the gateway's authenticated caller), or null when not known
 */
public record ProvisionWorkspace(String jobId, String workspace, String description, String capacity,
        List<PrincipalEntry> principals, PrincipalsFileContent principalsFile, LakehouseSet lakehouses,
        FailurePolicy onFailure, Instant requestedAt, boolean plan, Requester requestedBy) implements ProvisionCommand {

    /** Without a requester (tests, and producers that do not say). */
    public ProvisionWorkspace(String jobId, String workspace, String description, String capacity,
            List<PrincipalEntry> principals, PrincipalsFileContent principalsFile, LakehouseSet lakehouses,
            FailurePolicy onFailure, Instant requestedAt, boolean plan) {
        this(jobId, workspace, description, capacity, principals, principalsFile, lakehouses, onFailure, requestedAt, plan, null);
    }

    /** A provisioning run, not a plan. */
    public ProvisionWorkspace(String jobId, String workspace, String description, String capacity,
            List<PrincipalEntry> principals, PrincipalsFileContent principalsFile, LakehouseSet lakehouses,
            FailurePolicy onFailure, Instant requestedAt) {
        this(jobId, workspace, description, capacity, principals, principalsFile, lakehouses, onFailure, requestedAt, false);
    }

    /** The policy, defaulted. */
    public FailurePolicy failurePolicy() {
        return onFailure == null ? FailurePolicy.ROLLBACK : onFailure;
    }

    /** The lakehouse set, defaulted. */
    public LakehouseSet lakehouseSet() {
        return lakehouses == null ? LakehouseSet.MEDALLION : lakehouses;
    }

    /**
     * One principal and its workspace role, as given (role and type are checked and made canonical by the
     * parser, case-insensitively).
     *
     * @param principalId the Entra object id (GUID)
     * @param role        Admin, Member, Contributor or Viewer
     * @param type        User, Group, ServicePrincipal or ServicePrincipalProfile
     * @param description a note for people, or null
     */
    public record PrincipalEntry(String principalId, String role, String type, String description) {
    }

    /**
     * A principals file carried in the command (small: its rows are capped by the parser's maximum).
     *
     * @param fileName the file's name, for messages
     * @param content  the CSV text
     */
    public record PrincipalsFileContent(String fileName, String content) {
    }

    /**
     * The lakehouses to find or create.
     *
     * @param names         base names, in order
     * @param prefix        prepended to every name (e.g. {@code sales_}), or null
     * @param enableSchemas whether the lakehouses are created schema-enabled; null means off
     */
    public record LakehouseSet(List<String> names, String prefix, Boolean enableSchemas) {

        /** bronze, silver, gold, no prefix, schemas off. */
        public static final LakehouseSet MEDALLION = new LakehouseSet(List.of("bronze", "silver", "gold"), null, null);

        /** The display names to create: prefix + name. */
        public List<String> displayNames() {
            List<String> base = names == null || names.isEmpty() ? MEDALLION.names : names;
            String p = prefix == null ? "" : prefix;
            return base.stream().map(n -> p + n).toList();
        }

        public boolean schemas() {
            return Boolean.TRUE.equals(enableSchemas);
        }
    }
}
