package io.weft.provisioner.service;

import io.weft.support.jobs.ResourceFailure;
import io.weft.contracts.command.ItemJobParameter;
import io.weft.contracts.command.ItemJobRules;
import io.weft.contracts.command.RunItemJob;
import io.weft.fabric.client.ClientErrorCodes;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.job.ItemJobClient;
import io.weft.fabric.client.job.ItemJobInstance;
import io.weft.fabric.client.job.JobInstancePoller;
import io.weft.fabric.client.job.JobInstanceRef;
import io.weft.fabric.client.job.JobRunRequest;
import io.weft.fabric.client.job.JobStatus;
import io.weft.fabric.client.workspace.WorkspaceClient;
import io.weft.provisioner.config.ItemJobConfig;
import io.weft.support.jobs.CommandRejectedException;
import io.weft.support.jobs.JobCancelledException;
import io.weft.support.jobs.JobContext;
import io.weft.support.jobs.JobHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a Data Pipeline, notebook or Spark job definition on demand and follows its job instance to the end:
 * resolve the item, start the run (recording the instance URL before the first poll, so a redelivered command
 * re-attaches instead of starting a second run), then poll honouring {@code Retry-After} within the budget,
 * reporting each status change as progress. {@code Completed} → succeeded; {@code Failed} → failed with Fabric's
 * failureReason; {@code Cancelled} → cancelled; {@code Deduped} → succeeded with the deduplicating instance noted
 * (Fabric skipped this run because the same job was already running: the work asked for is being done). A budget
 * overrun cancels the Fabric run and fails the job {@code JobTimedOut} (the tracker's TIMED_OUT); a cancel of the Weft
 * job cancels the Fabric run and ends the job cancelled only once Fabric reports {@code Cancelled}.
 */
@ApplicationScoped
public class ItemJobRun implements JobHandler<RunItemJob> {

    public static final String KIND = "item-job";
    /** The code of a run that outlived its budget; the tracker reads it as TIMED_OUT. */
    public static final String TIMED_OUT = "JobTimedOut";
    /** The code of a cancel Fabric did not carry out. */
    public static final String CANCEL_NOT_CONFIRMED = "FabricCancelNotConfirmed";

    private static final Logger LOG = Logger.getLogger(ItemJobRun.class);

    private final WorkspaceClient workspaces;
    private final ItemJobClient jobs;
    private final JobInstancePoller poller;
    private final RunCheckpoints checkpoints;
    private final ItemJobConfig config;

    public ItemJobRun(WorkspaceClient workspaces, ItemJobClient jobs, JobInstancePoller poller, RunCheckpoints checkpoints,
            ItemJobConfig config) {
        this.workspaces = workspaces;
        this.jobs = jobs;
        this.poller = poller;
        this.checkpoints = checkpoints;
        this.config = config;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> steps(RunItemJob command) {
        return ItemJobSteps.ALL;
    }

    @Override
    public Map<String, Object> run(RunItemJob command, JobContext context) throws Exception {
        List<ItemJobRules.Problem> problems = ItemJobRules.problems(command);
        if (!problems.isEmpty()) {
            throw new CommandRejectedException("InvalidItemJob", "The item job cannot be run: "
                    + String.join("; ", problems.stream().map(ItemJobRules.Problem::toString).toList()));
        }
        Run run = new Run(command, ItemJobRules.jobType(command));
        context.step(ItemJobSteps.RESOLVE_ITEM, run::resolveItem);
        context.step(ItemJobSteps.START_RUN, run::startRun);
        try {
            context.step(ItemJobSteps.AWAIT_RUN, progress -> run.awaitRun(context, progress));
        } catch (JobCancelledException e) {
            if (!run.awaiting) {
                // The cancel arrived between the start and the first poll: the run Fabric started must stop too.
                run.cancelFabricRun((done, total, unit, percent, detail) -> { }, "the job was cancelled");
            }
            throw e;
        }
        return run.result();
    }

    /** One run of the job: what each step hands to the next. */
    private final class Run {
        private final RunItemJob command;
        private final String jobType;
        private String workspaceId;
        private FabricItem item;
        private JobInstanceRef ref;
        private Instant startedAt;
        private boolean reattached;
        private ItemJobInstance end;
        private volatile boolean awaiting;

        Run(RunItemJob command, String jobType) {
            this.command = command;
            this.jobType = jobType;
        }

        Map<String, Object> resolveItem(JobContext.StepProgress progress) {
            workspaceId = workspaces.resolve(command.workspace()).id();
            if (command.itemId() != null) {
                item = jobs.item(workspaceId, command.itemId());
                if (!command.itemType().equalsIgnoreCase(item.type())) {
                    throw new FabricException(ClientErrorCodes.NOT_FOUND, "Item " + command.itemId() + " is a " + item.type()
                            + ", not a " + command.itemType(), null, 404, false, null);
                }
            } else {
                item = jobs.findItem(workspaceId, command.itemType(), command.itemName()).orElseThrow(() ->
                        new FabricException(ClientErrorCodes.NOT_FOUND, "No " + command.itemType() + " named '" + command.itemName()
                                + "' in workspace " + command.workspace(), null, 404, false, null));
            }
            return Map.of("workspaceId", workspaceId, "itemId", item.id(), "itemName", item.displayName(), "itemType", item.type());
        }

        Map<String, Object> startRun(JobContext.StepProgress progress) {
            var recorded = checkpoints.find(command.jobId());
            if (recorded.isPresent()) {
                // A redelivered command: its run was started already; following it again is all that is left.
                ref = jobs.attach(recorded.get().location());
                startedAt = recorded.get().startedAt();
                reattached = true;
                LOG.infof("Job %s re-attaches to Fabric job instance %s", command.jobId(), ref.instanceId());
            } else {
                startedAt = Instant.now();
                ref = jobs.start(workspaceId, item.id(), jobType, new JobRunRequest(Map.of(), parameters()));
                checkpoints.record(command.jobId(), new RunCheckpoints.Checkpoint(ref.location(), startedAt));
            }
            return Map.of("jobInstanceId", ref.instanceId(), "location", ref.location().toString(), "jobType", jobType,
                    "reattached", reattached);
        }

        Map<String, Object> awaitRun(JobContext context, JobContext.StepProgress progress) throws InterruptedException {
            awaiting = true;
            Duration budget = command.budgetSeconds() != null ? Duration.ofSeconds(command.budgetSeconds()) : config.defaultBudget();
            Instant deadline = startedAt.plus(budget);
            // Every poll is reported (the runner rate-limits progress events): a run that stays InProgress for hours
            // keeps its job visibly alive, so the tracker's stall detection still means "the worker went silent".
            java.util.concurrent.atomic.AtomicLong polls = new java.util.concurrent.atomic.AtomicLong();
            JobInstancePoller.Result result = poller.follow(ref, deadline, intervals(), reattached, context::cancelRequested,
                    (JobInstancePoller.PollListener) (instance, changed) -> progress.report(polls.incrementAndGet(), 0, "status", null,
                            "Fabric job instance " + instance.id() + ": " + instance.status()));
            switch (result.outcome()) {
                case DEADLINE -> {
                    ItemJobInstance cancelled = cancelFabricRun(progress, "the budget of " + budget + " ran out");
                    if (cancelled.jobStatus() != JobStatus.CANCELLED) {
                        end = cancelled;
                        return finish();
                    }
                    throw new FabricException(TIMED_OUT, "The " + item.type() + " run did not finish within its budget of " + budget
                            + "; its Fabric job instance " + ref.instanceId() + " was cancelled", cancelled.rootActivityId(), 0, false, null);
                }
                case STOP_REQUESTED -> {
                    ItemJobInstance cancelled = cancelFabricRun(progress, "the job was cancelled");
                    if (cancelled.jobStatus() != JobStatus.CANCELLED) {
                        end = cancelled;
                        return finish();
                    }
                    throw new JobCancelledException("cancel requested; Fabric cancelled job instance " + ref.instanceId());
                }
                default -> {
                    end = result.instance();
                    return finish();
                }
            }
        }

        /** Asks Fabric to cancel and waits for it to say {@code Cancelled} (or another end it reached first). */
        private ItemJobInstance cancelFabricRun(JobContext.StepProgress progress, String why) throws InterruptedException {
            progress.report(0, 0, "status", null, "cancelling Fabric job instance " + ref.instanceId() + ": " + why);
            try {
                jobs.cancel(ref);
            } catch (FabricException e) {
                ItemJobInstance now = jobs.get(ref).instance();
                if (now.jobStatus().terminal()) {
                    return now; // it ended between the last poll and the cancel
                }
                throw new FabricException(CANCEL_NOT_CONFIRMED, "Fabric refused to cancel job instance " + ref.instanceId()
                        + " (" + why + "): [" + e.errorCode() + "] " + e.fabricMessage() + "; it may still be running",
                        e.requestId(), e.httpStatus(), false, null, e);
            }
            JobInstancePoller.Result after = poller.follow(ref, Instant.now().plus(config.cancelBudget()), intervals(), false, () -> false,
                    instance -> progress.report(0, 0, "status", null, "Fabric job instance " + instance.id() + ": " + instance.status()));
            if (after.outcome() != JobInstancePoller.Outcome.TERMINAL) {
                throw new FabricException(CANCEL_NOT_CONFIRMED, "Fabric accepted the cancel of job instance " + ref.instanceId()
                        + " (" + why + ") but did not report it Cancelled within " + config.cancelBudget() + "; it may still be running",
                        null, 0, true, null);
            }
            return after.instance();
        }

        private Map<String, Object> finish() {
            Map<String, Object> output = instanceSummary();
            switch (end.jobStatus()) {
                case COMPLETED, DEDUPED -> {
                    return output;
                }
                case CANCELLED -> throw new JobCancelledException("Fabric reports job instance " + end.id() + " Cancelled");
                default -> {
                    ItemJobInstance.FailureReason reason = end.failureReason();
                    String code = reason != null && reason.errorCode() != null ? reason.errorCode() : "JobInstanceStatusFailed";
                    String message = reason != null && reason.message() != null ? reason.message() : "the job instance failed without detail";
                    throw new ResourceFailure(item.displayName(), new FabricException(code, "The " + item.type() + " run failed: " + message,
                            reason != null ? reason.requestId() : null, 0, reason != null && Boolean.TRUE.equals(reason.isRetriable()), null));
                }
            }
        }

        private Map<String, Object> instanceSummary() {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("jobInstanceId", end.id());
            summary.put("status", end.status());
            if (end.startTimeUtc() != null) {
                summary.put("startTimeUtc", end.startTimeUtc());
            }
            if (end.endTimeUtc() != null) {
                summary.put("endTimeUtc", end.endTimeUtc());
            }
            if (end.jobStatus() == JobStatus.DEDUPED && end.failureReason() != null) {
                ItemJobInstance.RelatedResource by = end.failureReason().relatedResource();
                summary.put("dedupedBy", by != null && by.resourceId() != null ? by.resourceId() : "an instance already running");
                summary.put("note", "Fabric skipped this run: the same job was already running for the item");
            }
            return summary;
        }

        private List<JobRunRequest.Parameter> parameters() {
            return command.parameters().stream().map((ItemJobParameter p) -> new JobRunRequest.Parameter(p.name(), p.type(), p.value())).toList();
        }

        private JobInstancePoller.Intervals intervals() {
            return new JobInstancePoller.Intervals(config.pollInterval(), config.minPollInterval(), config.maxPollInterval(),
                    config.cancelCheckInterval());
        }

        Map<String, Object> result() {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("workspace", Map.of("id", workspaceId));
            result.put("item", Map.of("id", item.id(), "name", item.displayName(), "type", item.type()));
            result.put("jobType", jobType);
            result.put("instance", instanceSummary());
            return result;
        }
    }
}
