package io.weft.provisioner.service.workspace;

import io.weft.contracts.command.FailurePolicy;
import io.weft.contracts.command.ProvisionWorkspace;
import io.weft.contracts.event.JobError;
import io.weft.contracts.principals.InvalidPrincipalsException;
import io.weft.contracts.principals.PrincipalsParser;
import io.weft.contracts.principals.RoleAssignment;
import io.weft.fabric.client.capacity.Capacity;
import io.weft.fabric.client.lakehouse.Lakehouse;
import io.weft.fabric.client.workspace.Workspace;
import io.weft.provisioner.config.ProvisionerConfig;
import io.weft.support.fabric.FabricErrorDescriber;
import io.weft.support.jobs.JobErrorCodes;
import io.weft.support.jobs.CommandRejectedException;
import io.weft.support.jobs.JobCancelledException;
import io.weft.support.jobs.JobContext;
import io.weft.support.jobs.JobHandler;
import io.weft.support.plan.PlannedChange;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Provisions a workspace: resolve or create it, assign its capacity and wait for Fabric to complete it, give each
 * principal its role, find or create its lakehouses. Principals are checked first, every problem at once, before
 * anything changes. What the run creates is recorded as it happens; when the run fails or is cancelled and the
 * policy is {@code rollback}, exactly that is undone, newest first, in a {@code rollback} step whose progress
 * events name each deletion; a failing rollback fails the job with both errors and what is left.
 */
@ApplicationScoped
public class WorkspaceJob implements JobHandler<ProvisionWorkspace> {

    public static final String KIND = "workspace";

    private static final Logger LOG = Logger.getLogger(WorkspaceJob.class);

    private final WorkspaceFabric fabric;
    private final FabricErrorDescriber fabricErrors;
    private final ProvisionerConfig config;
    private final CreatedResourceRecords records;

    public WorkspaceJob(WorkspaceFabric fabric, FabricErrorDescriber fabricErrors, ProvisionerConfig config,
            CreatedResourceRecords records) {
        this.fabric = fabric;
        this.fabricErrors = fabricErrors;
        this.config = config;
        this.records = records;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> steps(ProvisionWorkspace command) {
        return command.plan() ? List.of(WorkspaceSteps.PLAN_WORKSPACE) : WorkspaceSteps.ALL;
    }

    @Override
    public Map<String, Object> run(ProvisionWorkspace command, JobContext context) throws Exception {
        List<RoleAssignment> principals;
        try {
            principals = new PrincipalsParser(config.workspace().maxPrincipals())
                    .parse(command.principals(), command.principalsFile());
        } catch (InvalidPrincipalsException e) {
            throw new CommandRejectedException(InvalidPrincipalsException.CODE, e.getMessage(), e);
        }
        if (command.plan()) {
            List<PlannedChange> planned = new ArrayList<>();
            context.step(WorkspaceSteps.PLAN_WORKSPACE, progress -> {
                planned.addAll(fabric.plan(command, principals));
                return Map.of("items", planned.size());
            });
            return PlannedChange.result(planned, Map.of("workspace", command.workspace()));
        }
        Run run = new Run(command, principals, context);
        try {
            context.step(WorkspaceSteps.RESOLVE_WORKSPACE, run::resolveWorkspace);
            context.step(WorkspaceSteps.ASSIGN_CAPACITY, run::assignCapacity);
            context.step(WorkspaceSteps.ASSIGN_ROLES, run::assignRoles);
            context.step(WorkspaceSteps.CREATE_LAKEHOUSES, run::createLakehouses);
        } catch (JobCancelledException e) {
            throw run.afterCancel(e);
        } catch (Exception e) {
            throw run.afterFailure(e);
        }
        return run.result();
    }

    /** One run of the job: what each step hands to the next, and what it created. */
    private final class Run {
        private final ProvisionWorkspace command;
        private final List<RoleAssignment> principals;
        private final JobContext context;
        private final CreatedResources created;
        private Workspace workspace;
        private boolean workspaceCreated;
        private Capacity capacity;
        private final List<Map<String, Object>> assignments = new ArrayList<>();
        private final List<Map<String, Object>> lakehouses = new ArrayList<>();

        Run(ProvisionWorkspace command, List<RoleAssignment> principals, JobContext context) {
            this.command = command;
            this.principals = principals;
            this.context = context;
            // What earlier attempts of this job did (their worker died) is this attempt's to finish or undo.
            this.created = new CreatedResources(records.recorded(command.jobId()), list -> records.save(command.jobId(), list));
        }

        Map<String, Object> resolveWorkspace(JobContext.StepProgress progress) {
            workspace = fabric.resolveOrCreate(command.workspace(), command.description(), command.jobId(), created, progress);
            workspaceCreated = created.contains(CreatedResource.WORKSPACE, workspace.id());
            // The first step's output also lists what earlier attempts created, so the tracker shows the whole record.
            return output(0, Map.of("workspaceId", workspace.id(), "workspaceName", workspace.displayName(),
                    "created", workspaceCreated));
        }

        Map<String, Object> assignCapacity(JobContext.StepProgress progress) throws InterruptedException {
            if (command.capacity() == null) {
                return Map.of("skipped", "no capacity requested");
            }
            int before = created.size();
            capacity = fabric.resolveCapacity(command.capacity());
            // A workspace this job created goes with its capacity assignment when rolled back; another one is moved back.
            Workspace assigned = fabric.assignCapacity(workspace, capacity, !workspaceCreated, created, progress, w -> {
                progress.report(0, 0, "percent", null, "capacityAssignmentProgress " + w.capacityAssignmentProgress());
                stopIfCancelled();
            });
            return output(before, Map.of("capacityId", capacity.id(), "capacityName", capacity.displayName(),
                    "capacityAssignmentProgress", Objects.requireNonNullElse(assigned.capacityAssignmentProgress(), "Completed")));
        }

        Map<String, Object> assignRoles(JobContext.StepProgress progress) {
            int before = created.size();
            Map<String, Integer> counts = new LinkedHashMap<>(Map.of("added", 0, "updated", 0, "unchanged", 0));
            for (int i = 0; i < principals.size(); i++) {
                stopIfCancelled();
                RoleAssignment principal = principals.get(i);
                progress.report(i, principals.size(), "principals", null, principal.type() + " " + principal.principalId());
                String action = fabric.applyRole(workspace.id(), principal, created, progress);
                counts.merge(action, 1, Integer::sum);
                Map<String, Object> assignment = new LinkedHashMap<>();
                assignment.put("principalId", principal.principalId());
                assignment.put("type", principal.type().name());
                assignment.put("role", principal.role().name());
                assignment.put("action", action);
                assignments.add(assignment);
            }
            progress.report(principals.size(), principals.size(), "principals", null, null);
            Map<String, Object> output = new LinkedHashMap<>(counts);
            return output(before, output);
        }

        Map<String, Object> createLakehouses(JobContext.StepProgress progress) {
            int before = created.size();
            List<String> names = command.lakehouseSet().displayNames();
            for (int i = 0; i < names.size(); i++) {
                stopIfCancelled();
                progress.report(i, names.size(), "lakehouses", null, names.get(i));
                int already = created.size();
                Lakehouse lakehouse = fabric.findOrCreateLakehouse(workspace.id(), names.get(i), command.lakehouseSet().schemas(),
                        command.jobId(), created, progress);
                lakehouses.add(Map.of("id", lakehouse.id(), "name", lakehouse.displayName(), "created", created.size() > already));
            }
            progress.report(names.size(), names.size(), "lakehouses", null, null);
            return output(before, Map.of("lakehouses", lakehouses));
        }

        Map<String, Object> result() {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("workspace", Map.of("id", workspace.id(), "name", workspace.displayName(), "created", workspaceCreated));
            if (capacity != null) {
                result.put("capacity", Map.of("id", capacity.id(), "name", capacity.displayName()));
            }
            result.put("assignments", assignments);
            result.put("lakehouses", lakehouses);
            result.put("created", created.all());
            return result;
        }

        /** A step's output with the resources it created, for the tracker. */
        private Map<String, Object> output(int createdBefore, Map<String, Object> fields) {
            Map<String, Object> output = new LinkedHashMap<>(fields);
            output.put("created", created.since(createdBefore));
            return output;
        }

        private void stopIfCancelled() {
            if (context.cancelRequested()) {
                throw new JobCancelledException("cancel requested");
            }
        }

        Exception afterCancel(JobCancelledException cancel) {
            if (command.failurePolicy() == FailurePolicy.KEEP || created.isEmpty()) {
                return cancel;
            }
            Rollback rollback = rollBack();
            if (rollback.failure != null) {
                return new DescribedFailure(new JobError("RollbackFailed", "Cancelled (" + cancel.reason()
                        + "), then the rollback failed: " + rollback.failureSummary() + "; left in place: " + rollback.left(),
                        null, null, false), cancel);
            }
            return new JobCancelledException(cancel.reason() + "; rolled back: " + rollback.deleted());
        }

        Exception afterFailure(Exception failure) {
            if (command.failurePolicy() == FailurePolicy.KEEP || created.isEmpty()) {
                return failure;
            }
            JobError cause = describe(failure);
            Rollback rollback = rollBack();
            if (rollback.failure != null) {
                return new DescribedFailure(new JobError("RollbackFailed", cause.summary() + "; then the rollback failed: "
                        + rollback.failureSummary() + "; left in place: " + rollback.left(), cause.requestId(), cause.resource(),
                        false), failure);
            }
            return new DescribedFailure(new JobError(cause.code(), cause.message() + " (rolled back: " + rollback.deleted() + ")",
                    cause.requestId(), cause.resource(), cause.retriable()), failure);
        }

        /** Undoes this run's changes newest first, each one a progress event; carries on past a failed one. */
        private Rollback rollBack() {
            Rollback rollback = new Rollback(created.newestFirst());
            try {
                context.compensate(WorkspaceSteps.ROLLBACK, progress -> {
                    int done = 0;
                    for (CreatedResource resource : rollback.todo) {
                        try {
                            fabric.undo(resource);
                            rollback.undone.add(resource);
                            // Off the durable record: a redelivered command does not undo it again, nor take it for its own.
                            created.forget(resource);
                            progress.report(++done, rollback.todo.size(), "resources", null, resource.undoVerb() + resource.describe());
                        } catch (RuntimeException e) {
                            LOG.warnf("Job %s: could not undo %s: %s", command.jobId(), resource.describe(), e.getMessage());
                            rollback.failed.add(resource);
                            if (rollback.failure == null) {
                                rollback.failure = e;
                            }
                        }
                    }
                    if (rollback.failure != null) {
                        throw rollback.failure;
                    }
                    return Map.of("undone", rollback.undone.stream().map(CreatedResource::toMap).toList(), "left", List.of());
                });
            } catch (Exception e) {
                if (rollback.failure == null) {
                    rollback.failure = e;
                }
            }
            return rollback;
        }

        private JobError describe(Throwable failure) {
            JobError error = fabricErrors.describe(failure);
            return error != null ? error : new JobError(JobErrorCodes.INTERNAL_ERROR, failure.getClass().getSimpleName()
                    + ": " + Objects.requireNonNullElse(failure.getMessage(), "no message"), null, null, false);
        }

        private final class Rollback {
            final List<CreatedResource> todo;
            final List<CreatedResource> undone = new ArrayList<>();
            final List<CreatedResource> failed = new ArrayList<>();
            Exception failure;

            Rollback(List<CreatedResource> todo) {
                this.todo = todo;
            }

            String deleted() {
                return undone.stream().map(CreatedResource::describe).toList().toString();
            }

            /** What is still there: the failed undos and everything not reached. */
            String left() {
                return todo.stream().filter(r -> !undone.contains(r)).map(CreatedResource::describe).toList().toString();
            }

            String failureSummary() {
                return describe(failure).summary();
            }
        }
    }
}
