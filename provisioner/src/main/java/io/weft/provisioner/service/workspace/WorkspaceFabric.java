package io.weft.provisioner.service.workspace;

import io.weft.contracts.principals.RoleAssignment;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.capacity.Capacity;
import io.weft.fabric.client.capacity.CapacityClient;
import io.weft.fabric.client.lakehouse.Lakehouse;
import io.weft.fabric.client.lakehouse.LakehouseClient;
import io.weft.fabric.client.roleassignment.RoleAssignmentClient;
import io.weft.fabric.client.roleassignment.WorkspaceRoleAssignment;
import io.weft.fabric.client.workspace.Workspace;
import io.weft.fabric.client.workspace.WorkspaceClient;
import io.weft.support.jobs.ResourceFailure;
import io.weft.support.plan.PlannedChange;
import io.weft.support.jobs.JobContext.StepProgress;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Fabric side of a workspace job, each operation find-before-create so that a repeated command changes
 * nothing twice. What an operation creates is recorded (through {@link CreatedResources}) before it returns.
 * Throttling, transient errors and long-running operations are handled by the fabric-client underneath.
 */
@ApplicationScoped
public class WorkspaceFabric {

    private static final String NAME_IN_USE = "ItemDisplayNameAlreadyInUse";
    private static final String WORKSPACE_NAME_IN_USE = "WorkspaceNameAlreadyExists";

    private final WorkspaceClient workspaces;
    private final CapacityClient capacities;
    private final RoleAssignmentClient roles;
    private final LakehouseClient lakehouses;

    public WorkspaceFabric(WorkspaceClient workspaces, CapacityClient capacities, RoleAssignmentClient roles,
            LakehouseClient lakehouses) {
        this.workspaces = workspaces;
        this.capacities = capacities;
        this.roles = roles;
        this.lakehouses = lakehouses;
    }

    /**
     * The provenance mark a job puts in the description of what it creates. A redelivered command (its worker died
     * mid-job) finds what an earlier attempt of the same job created by this mark and records it as created by the
     * job, so that a rollback removes it too; anything else found is pre-existing and never removed.
     */
    static String provenance(String jobId) {
        return "(created by Weft job " + jobId + ")";
    }

    private static boolean createdBy(String description, String jobId) {
        return description != null && description.contains(provenance(jobId));
    }

    /** The workspace of that display name, created (and recorded) when there is none. */
    Workspace resolveOrCreate(String name, String description, String jobId, CreatedResources created, StepProgress progress) {
        return withResource("workspace " + name, () -> {
            Optional<Workspace> existing = workspaces.findByName(name);
            if (existing.isPresent()) {
                Workspace found = workspaces.get(existing.get().id());
                if (createdBy(found.description(), jobId)) {
                    created.record(new CreatedResource(CreatedResource.WORKSPACE, found.id(), found.displayName(), found.id(),
                            null), progress);
                }
                return found;
            }
            try {
                Workspace workspace = workspaces.create(name, description == null ? provenance(jobId)
                        : description + " " + provenance(jobId), null);
                created.record(new CreatedResource(CreatedResource.WORKSPACE, workspace.id(), workspace.displayName(),
                        workspace.id(), null), progress);
                return workspace;
            } catch (FabricException e) {
                if (WORKSPACE_NAME_IN_USE.equals(e.errorCode())) {
                    // Created concurrently by someone else: theirs, so used but not recorded as ours.
                    return workspaces.findByName(name).orElseThrow(() -> e);
                }
                throw e;
            }
        });
    }

    Capacity resolveCapacity(String idOrName) {
        return withResource("capacity " + idOrName, () -> capacities.resolve(idOrName));
    }

    /**
     * Assigns the workspace to the capacity unless it is already there, and waits until Fabric reports the
     * assignment {@code Completed}; {@code onPoll} sees each poll (to report progress and notice a cancel). When the
     * workspace is not this job's own ({@code recordChange}), the move is recorded, with the capacity it had,
     * before the call, so that a rollback moves it back.
     */
    Workspace assignCapacity(Workspace workspace, Capacity capacity, boolean recordChange, CreatedResources created,
            StepProgress progress, Consumer<Workspace> onPoll) throws InterruptedException {
        try {
            Workspace current = workspaces.get(workspace.id());
            if (!capacity.id().equalsIgnoreCase(current.capacityId())
                    || Workspace.ASSIGNMENT_FAILED.equals(current.capacityAssignmentProgress())) {
                Supplier<Void> assign = () -> {
                    workspaces.assignToCapacity(workspace.id(), capacity.id());
                    return null;
                };
                if (recordChange) {
                    created.change(new CreatedResource(CreatedResource.CAPACITY_ASSIGNMENT, capacity.id(),
                            "capacity " + capacity.displayName() + " of workspace " + workspace.displayName(), workspace.id(),
                            current.capacityId()), progress, assign);
                } else {
                    assign.get();
                }
            }
            return workspaces.awaitCapacityAssignment(workspace.id(), onPoll);
        } catch (FabricException e) {
            throw new ResourceFailure("capacity " + capacity.displayName(), e);
        }
    }

    /**
     * Gives the principal its role: left alone when it has it, updated when it has another, added when it has
     * none; an update or an addition is on the record (with the role it had) before the call. One an earlier
     * attempt of the job made is recognised on the record, and reported as that attempt's action.
     *
     * @return {@code unchanged}, {@code updated} or {@code added}
     */
    String applyRole(String workspaceId, RoleAssignment wanted, CreatedResources created, StepProgress progress) {
        String resource = wanted.type() + " " + wanted.principalId();
        String name = resource + " as " + wanted.role();
        return withResource(resource, () -> {
            Optional<WorkspaceRoleAssignment> existing = roles.findByPrincipal(workspaceId, wanted.principalId());
            // Fabric's assignment id is the principal's id: known before the call, so the addition is recorded first.
            CreatedResource addition = new CreatedResource(CreatedResource.ROLE_ASSIGNMENT, wanted.principalId(), name, workspaceId, null);
            if (existing.isPresent()) {
                String id = existing.get().id();
                if (wanted.role().name().equals(existing.get().role())) {
                    if (created.find(addition).isPresent()) {
                        return "added";
                    }
                    return created.find(new CreatedResource(CreatedResource.ROLE_UPDATE, id, name, workspaceId, null)).isPresent()
                            ? "updated" : "unchanged";
                }
                created.change(new CreatedResource(CreatedResource.ROLE_UPDATE, id, name, workspaceId, existing.get().role()),
                        progress, () -> roles.updateRole(workspaceId, id, wanted.role().name()));
                return "updated";
            }
            created.change(addition, progress, () -> roles.add(workspaceId, wanted.principalId(), wanted.type().name(),
                    wanted.role().name()));
            return "added";
        });
    }

    /** The lakehouse of that name, created (and recorded) when there is none. */
    Lakehouse findOrCreateLakehouse(String workspaceId, String name, boolean schemas, String jobId, CreatedResources created,
            StepProgress progress) {
        return withResource("lakehouse " + name, () -> {
            Optional<Lakehouse> existing = lakehouses.findByName(workspaceId, name);
            if (existing.isPresent()) {
                if (createdBy(existing.get().description(), jobId)) {
                    created.record(new CreatedResource(CreatedResource.LAKEHOUSE, existing.get().id(), existing.get().displayName(),
                            workspaceId, null), progress);
                }
                return existing.get();
            }
            try {
                Lakehouse lakehouse = lakehouses.create(workspaceId, name, "Lakehouse " + provenance(jobId), schemas,
                        p -> progress.report(created.size(), 0, "resources", p.percentComplete(), "creating lakehouse " + name));
                created.record(new CreatedResource(CreatedResource.LAKEHOUSE, lakehouse.id(), lakehouse.displayName(),
                        workspaceId, null), progress);
                return lakehouse;
            } catch (FabricException e) {
                if (NAME_IN_USE.equals(e.errorCode())) {
                    return lakehouses.findByName(workspaceId, name).orElseThrow(() -> e);
                }
                throw e;
            }
        });
    }

    /** Undoes one recorded change; one that is already gone counts as undone. */
    void undo(CreatedResource resource) {
        withResource(resource.kind() + " " + resource.name(), () -> {
            try {
                switch (resource.kind()) {
                    case CreatedResource.LAKEHOUSE -> lakehouses.delete(resource.workspaceId(), resource.id(), true);
                    case CreatedResource.ROLE_ASSIGNMENT -> roles.delete(resource.workspaceId(), resource.id());
                    case CreatedResource.ROLE_UPDATE -> roles.updateRole(resource.workspaceId(), resource.id(), resource.previous());
                    case CreatedResource.CAPACITY_ASSIGNMENT -> restoreCapacity(resource.workspaceId(), resource.previous());
                    case CreatedResource.WORKSPACE -> workspaces.delete(resource.id());
                    default -> throw new IllegalStateException("unknown resource kind " + resource.kind());
                }
            } catch (FabricException e) {
                if (e.httpStatus() != 404) {
                    throw e;
                }
            }
            return null;
        });
    }

    /**
     * Moves a workspace back to the capacity it had (waiting until Fabric completes it), or off any capacity when it
     * had none; nothing when it is already there (e.g. Fabric failed the assignment and kept the earlier one).
     */
    private void restoreCapacity(String workspaceId, String previousCapacityId) {
        Workspace current = workspaces.get(workspaceId);
        if (previousCapacityId == null ? current.capacityId() == null : previousCapacityId.equalsIgnoreCase(current.capacityId())) {
            return;
        }
        if (previousCapacityId == null) {
            workspaces.unassignFromCapacity(workspaceId);
            return;
        }
        workspaces.assignToCapacity(workspaceId, previousCapacityId);
        try {
            workspaces.awaitCapacityAssignment(workspaceId, w -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while workspace " + workspaceId + " moves back to capacity "
                    + previousCapacityId, e);
        }
    }

    /**
     * What provisioning would do, for a plan: reads the workspace (by name), its capacity, role assignments and
     * lakehouses, and writes nothing. A workspace that does not exist yet means everything in it would be created.
     */
    java.util.List<PlannedChange> plan(io.weft.contracts.command.ProvisionWorkspace command, java.util.List<RoleAssignment> principals) {
        java.util.List<PlannedChange> planned = new java.util.ArrayList<>();
        Optional<Workspace> existing = withResource("workspace " + command.workspace(),
                () -> workspaces.findByName(command.workspace()).map(w -> workspaces.get(w.id())));
        String where = "workspace '" + command.workspace() + "'";
        planned.add(existing.isPresent()
                ? PlannedChange.of("Workspace", command.workspace(), PlannedChange.Action.UNCHANGED, "exists (id " + existing.get().id() + "); reused")
                : PlannedChange.of("Workspace", command.workspace(), PlannedChange.Action.CREATE, "no workspace of that name"));
        if (command.capacity() != null) {
            try {
                Capacity capacity = capacities.resolve(command.capacity());
                boolean there = existing.isPresent() && capacity.id().equalsIgnoreCase(existing.get().capacityId());
                planned.add(existing.isEmpty()
                        ? PlannedChange.of("CapacityAssignment", capacity.displayName(), PlannedChange.Action.CREATE, "assigned to the new workspace")
                        : there ? PlannedChange.of("CapacityAssignment", capacity.displayName(), PlannedChange.Action.UNCHANGED, where + " is on it")
                        : PlannedChange.of("CapacityAssignment", capacity.displayName(), PlannedChange.Action.UPDATE, where + " moves to it from "
                                + (existing.get().capacityId() == null ? "no capacity" : "capacity " + existing.get().capacityId())));
            } catch (FabricException e) {
                planned.add(PlannedChange.of("CapacityAssignment", command.capacity(), PlannedChange.Action.REFUSED, "[" + e.errorCode() + "] "
                        + e.getMessage()));
            }
        }
        java.util.List<WorkspaceRoleAssignment> current = existing.isEmpty() ? java.util.List.of()
                : withResource("role assignments of " + where, () -> roles.list(existing.get().id()));
        for (RoleAssignment wanted : principals) {
            String name = wanted.type() + " " + wanted.principalId();
            Optional<WorkspaceRoleAssignment> has = current.stream().filter(a -> a.id().equalsIgnoreCase(wanted.principalId())).findFirst();
            planned.add(has.isEmpty() ? PlannedChange.of("RoleAssignment", name, PlannedChange.Action.CREATE, "given role " + wanted.role())
                    : wanted.role().name().equals(has.get().role())
                    ? PlannedChange.of("RoleAssignment", name, PlannedChange.Action.UNCHANGED, "has role " + wanted.role())
                    : PlannedChange.of("RoleAssignment", name, PlannedChange.Action.UPDATE, "role " + has.get().role() + " → " + wanted.role()));
        }
        java.util.List<Lakehouse> lakehousesThere = existing.isEmpty() ? java.util.List.of()
                : withResource("lakehouses of " + where, () -> lakehouses.list(existing.get().id()));
        for (String name : command.lakehouseSet().displayNames()) {
            boolean there = lakehousesThere.stream().anyMatch(l -> l.displayName().equalsIgnoreCase(name));
            planned.add(there ? PlannedChange.of("Lakehouse", name, PlannedChange.Action.UNCHANGED, "exists in " + where)
                    : PlannedChange.of("Lakehouse", name, PlannedChange.Action.CREATE, "not in " + where + " yet"
                            + (command.lakehouseSet().schemas() ? "; schema-enabled" : "")));
        }
        return planned;
    }

    private static <T> T withResource(String resource, Supplier<T> work) {
        try {
            return work.get();
        } catch (FabricException e) {
            throw new ResourceFailure(resource, e);
        }
    }
}
