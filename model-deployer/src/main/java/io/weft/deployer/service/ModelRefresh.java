package io.weft.deployer.service;

import io.weft.contracts.command.SemanticModelRefreshOptions;
import io.weft.deployer.config.RefreshConfig;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.client.http.StoppableWait;
import io.weft.fabric.client.job.JobInstancePoller;
import io.weft.fabric.client.powerbi.PowerBiRefreshClient;
import io.weft.fabric.client.powerbi.RefreshDetail;
import io.weft.fabric.client.powerbi.RefreshPoller;
import io.weft.fabric.client.powerbi.RefreshRef;
import io.weft.fabric.client.powerbi.RefreshRequest;
import io.weft.fabric.client.powerbi.RefreshStatus;
import io.weft.support.jobs.JobCancelledException;
import io.weft.support.jobs.JobContext;
import io.weft.support.jobs.ResourceFailure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Refreshes one semantic model through the Power BI REST API as three job steps: wait for a refresh of the model
 * that is already running (Power BI runs one at a time and refuses a second), start the refresh (recording its id
 * before the first poll, so a redelivered command re-attaches instead of refreshing twice), and follow it
 * honouring {@code Retry-After} within the budget, reporting each table's status as progress. {@code Completed} →
 * the step succeeds; {@code Failed}/{@code TimedOut} → fails with the refresh's messages; a budget overrun or a
 * cancel of the Weft job cancels the refresh ({@code DELETE}) and ends TIMED_OUT or CANCELLED once Power BI
 * reports it {@code Cancelled}. Used by the refresh job and as the last steps of a deployment that asks for it.
 */
@ApplicationScoped
public class ModelRefresh {

    public static final String AWAIT_RUNNING = "await-running-refresh";
    public static final String START = "start-refresh";
    public static final String AWAIT = "await-refresh";
    public static final List<String> STEPS = List.of(AWAIT_RUNNING, START, AWAIT);

    /** The code of a refresh that outlived its budget; the tracker reads it as TIMED_OUT. */
    public static final String TIMED_OUT = "JobTimedOut";
    /** The code of a cancel Power BI did not carry out (or cannot: a standard refresh). */
    public static final String CANCEL_NOT_CONFIRMED = "RefreshCancelNotConfirmed";
    /** The code of a failed refresh whose messages carry none. */
    public static final String REFRESH_FAILED = "RefreshFailed";

    private static final Logger LOG = Logger.getLogger(ModelRefresh.class);

    private final PowerBiRefreshClient refreshes;
    private final RefreshPoller poller;
    private final RefreshCheckpoints checkpoints;
    private final RefreshConfig config;
    private final Sleeper sleeper;

    public ModelRefresh(PowerBiRefreshClient refreshes, RefreshPoller poller, RefreshCheckpoints checkpoints, RefreshConfig config,
            Sleeper sleeper) {
        this.refreshes = refreshes;
        this.poller = poller;
        this.checkpoints = checkpoints;
        this.config = config;
        this.sleeper = sleeper;
    }

    /** Runs the three steps for model {@code modelId} ({@code modelName} names it in errors); answers the job's refresh result. */
    public Map<String, Object> run(String jobId, String workspaceId, String modelId, String modelName,
            SemanticModelRefreshOptions options, JobContext context) throws Exception {
        Run run = new Run(jobId, workspaceId, modelId, modelName, options, context);
        context.step(AWAIT_RUNNING, run::awaitRunning);
        context.step(START, run::start);
        context.step(AWAIT, run::await);
        return run.result();
    }

    /** The Power BI body for the options: standard, or enhanced with what the command set. */
    static RefreshRequest request(SemanticModelRefreshOptions options) {
        if (options.standardRefresh()) {
            return RefreshRequest.standard();
        }
        List<RefreshRequest.RefreshObject> objects = options.objects() == null ? null : options.objects().stream()
                .map(o -> new RefreshRequest.RefreshObject(o.table(), o.partition())).toList();
        return RefreshRequest.enhanced(options.type(), options.commitMode(), options.maxParallelism(), options.retryCount(), objects,
                options.timeout());
    }

    /** One refresh of a model: what each step hands to the next. */
    private final class Run {
        private final String jobId;
        private final String workspaceId;
        private final String modelId;
        private final String modelName;
        private final SemanticModelRefreshOptions options;
        private final JobContext context;
        private final Duration budget;
        private Instant startedAt;
        private Instant deadline;
        private RefreshCheckpoints.Checkpoint recorded;
        private RefreshRef ref;
        private boolean reattached;
        private final List<String> waitedFor = new ArrayList<>();
        private RefreshDetail end;

        Run(String jobId, String workspaceId, String modelId, String modelName, SemanticModelRefreshOptions options, JobContext context) {
            this.jobId = jobId;
            this.workspaceId = workspaceId;
            this.modelId = modelId;
            this.modelName = modelName;
            this.options = options;
            this.context = context;
            this.budget = options.budgetSeconds() != null ? Duration.ofSeconds(options.budgetSeconds()) : config.defaultBudget();
        }

        Map<String, Object> awaitRunning(JobContext.StepProgress progress) throws InterruptedException {
            recorded = checkpoints.find(jobId).orElse(null);
            if (recorded != null) {
                // A redelivered command: its refresh was started already; only following it is left.
                startedAt = recorded.startedAt();
                deadline = startedAt.plus(budget);
                return Map.of("reattach", true, "refreshId", recorded.refreshId());
            }
            startedAt = Instant.now();
            deadline = startedAt.plus(budget);
            waitForRunning(progress);
            return Map.of("waitedFor", List.copyOf(waitedFor));
        }

        /** Until no refresh of the model runs: follows each one found in the history to its end. */
        private void waitForRunning(JobContext.StepProgress progress) throws InterruptedException {
            while (true) {
                Optional<RefreshDetail> running = refreshes.running(workspaceId, modelId);
                if (running.isEmpty()) {
                    return;
                }
                RefreshDetail other = running.get();
                String what = "refresh " + (other.requestId() == null ? "(no id)" : other.requestId()) + " ("
                        + other.refreshType() + ") already running";
                progress.report(0, 0, "status", null, "waiting for " + what);
                if (other.requestId() != null && !waitedFor.contains(other.requestId())) {
                    waitedFor.add(other.requestId());
                }
                RefreshPoller.Outcome outcome;
                if (other.requestId() == null) {
                    // Nothing to follow by id: look at the history again after the usual interval.
                    StoppableWait.Stop stop = StoppableWait.sleep(sleeper, Clock.systemUTC(), config.pollInterval(), deadline,
                            config.cancelCheckInterval(), context::cancelRequested);
                    outcome = stop == null ? RefreshPoller.Outcome.TERMINAL
                            : stop == StoppableWait.Stop.DEADLINE ? RefreshPoller.Outcome.DEADLINE : RefreshPoller.Outcome.STOP_REQUESTED;
                } else {
                    outcome = poller.follow(new RefreshRef(workspaceId, modelId, other.requestId(), null, null), deadline, intervals(),
                            true, context::cancelRequested, (detail, changed) -> progress.report(0, 0, "status", null,
                                    "waiting for " + what + ": " + detail.status())).outcome();
                }
                if (outcome == RefreshPoller.Outcome.DEADLINE) {
                    throw new FabricException(TIMED_OUT, "Semantic model '" + modelName + "' was still being refreshed by another"
                            + " request (" + what + ") when the budget of " + budget + " ran out; no refresh was started", null, 0, false, null);
                }
                if (outcome == RefreshPoller.Outcome.STOP_REQUESTED) {
                    throw new JobCancelledException("cancel requested while waiting for " + what + "; no refresh was started");
                }
            }
        }

        Map<String, Object> start(JobContext.StepProgress progress) throws InterruptedException {
            if (recorded != null) {
                ref = recorded.location() != null ? refreshes.attach(recorded.location())
                        : new RefreshRef(recorded.groupId(), recorded.datasetId(), recorded.refreshId(), null, null);
                reattached = true;
                LOG.infof("Job %s re-attaches to refresh %s of semantic model %s", jobId, ref.refreshId(), modelId);
            } else {
                RefreshRequest request = request(options);
                while (ref == null) {
                    try {
                        ref = refreshes.trigger(workspaceId, modelId, request);
                    } catch (FabricException e) {
                        if (!PowerBiRefreshClient.isAnotherRefreshRunning(e)) {
                            throw new ResourceFailure(modelName, e);
                        }
                        // Another refresh started since the history was read: wait for it too, then try again.
                        waitForRunning(progress);
                    }
                }
                checkpoints.record(jobId, new RefreshCheckpoints.Checkpoint(ref.groupId(), ref.datasetId(), ref.refreshId(),
                        ref.location(), startedAt));
            }
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("refreshId", ref.refreshId());
            output.put("enhanced", ref.enhanced());
            output.put("reattached", reattached);
            if (!waitedFor.isEmpty()) {
                output.put("waitedFor", List.copyOf(waitedFor));
            }
            return output;
        }

        Map<String, Object> await(JobContext.StepProgress progress) throws InterruptedException {
            RefreshPoller.Result result = poller.follow(ref, deadline, intervals(), reattached, context::cancelRequested,
                    (detail, changed) -> report(progress, detail));
            switch (result.outcome()) {
                case DEADLINE -> {
                    RefreshDetail after = cancel(progress, "the budget of " + budget + " ran out");
                    if (after.refreshStatus() != RefreshStatus.CANCELLED) {
                        end = after;
                        return finish();
                    }
                    throw new FabricException(TIMED_OUT, "The refresh of semantic model '" + modelName + "' did not finish within"
                            + " its budget of " + budget + "; refresh " + ref.refreshId() + " was cancelled", ref.refreshId(), 0, false, null);
                }
                case STOP_REQUESTED -> {
                    RefreshDetail after = cancel(progress, "the job was cancelled");
                    if (after.refreshStatus() != RefreshStatus.CANCELLED) {
                        end = after;
                        return finish();
                    }
                    throw new JobCancelledException("cancel requested; Power BI cancelled refresh " + ref.refreshId());
                }
                default -> {
                    end = result.detail();
                    return finish();
                }
            }
        }

        /** Each poll as progress: tables done of all, and every table's status. */
        private void report(JobContext.StepProgress progress, RefreshDetail detail) {
            List<RefreshDetail.ObjectStatus> objects = detail.objects();
            long done = objects.stream().filter(o -> RefreshStatus.of(o.status(), null).terminal()).count();
            String tables = objects.stream().map(o -> o.table() + (o.partition() != null && !o.partition().equals(o.table())
                    ? "/" + o.partition() : "") + ": " + o.status()).collect(Collectors.joining(", "));
            String status = detail.extendedStatus() != null ? detail.extendedStatus() : detail.status();
            progress.report(done, objects.size(), "tables", null, "refresh " + ref.refreshId() + ": " + status
                    + (tables.isEmpty() ? "" : " (" + tables + ")"));
        }

        /** Asks Power BI to cancel and waits for it to say {@code Cancelled} (or another end it reached first). */
        private RefreshDetail cancel(JobContext.StepProgress progress, String why) throws InterruptedException {
            progress.report(0, 0, "status", null, "cancelling refresh " + ref.refreshId() + ": " + why);
            if (!ref.enhanced()) {
                throw new FabricException(CANCEL_NOT_CONFIRMED, "The standard refresh " + ref.refreshId() + " of semantic model '"
                        + modelName + "' cannot be cancelled (" + why + "); only enhanced refreshes can. It may still be running",
                        ref.refreshId(), 0, false, null);
            }
            try {
                refreshes.cancel(ref);
            } catch (FabricException e) {
                RefreshDetail now = refreshes.get(ref).detail();
                if (now.refreshStatus().terminal()) {
                    return now; // it ended between the last poll and the cancel
                }
                throw new FabricException(CANCEL_NOT_CONFIRMED, "Power BI refused to cancel refresh " + ref.refreshId() + " (" + why
                        + "): [" + e.errorCode() + "] " + e.fabricMessage() + "; it may still be running", e.requestId(), e.httpStatus(),
                        false, null, e);
            }
            RefreshPoller.Result after = poller.follow(ref, Instant.now().plus(config.cancelBudget()), intervals(), true, () -> false,
                    (detail, changed) -> report(progress, detail));
            if (after.outcome() != RefreshPoller.Outcome.TERMINAL) {
                throw new FabricException(CANCEL_NOT_CONFIRMED, "Power BI accepted the cancel of refresh " + ref.refreshId() + " ("
                        + why + ") but did not report it Cancelled within " + config.cancelBudget() + "; it may still be running",
                        null, 0, true, null);
            }
            return after.detail();
        }

        private Map<String, Object> finish() {
            switch (end.refreshStatus()) {
                case COMPLETED -> {
                    return summary();
                }
                case CANCELLED -> throw new JobCancelledException("Power BI reports refresh " + ref.refreshId() + " Cancelled");
                default -> {
                    List<RefreshDetail.Message> errors = end.messages().stream()
                            .filter(m -> m.type() == null || "Error".equalsIgnoreCase(m.type())).toList();
                    String code = errors.stream().map(RefreshDetail.Message::code).filter(c -> c != null && !c.isBlank()).findFirst()
                            .orElseGet(() -> serviceErrorCode(end.serviceExceptionJson()));
                    String messages = errors.isEmpty() ? "Power BI gave no message"
                            : errors.stream().map(m -> (m.code() == null ? "" : "[" + m.code() + "] ") + m.message())
                                    .collect(Collectors.joining("; "));
                    throw new ResourceFailure(modelName, new FabricException(code, "The refresh of semantic model '" + modelName
                            + "' ended " + end.refreshStatus() + ": " + messages, ref.refreshId(), 0, false, null));
                }
            }
        }

        private Map<String, Object> summary() {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("refreshId", ref.refreshId());
            summary.put("status", end.extendedStatus() != null ? end.extendedStatus() : end.status());
            if (end.startTime() != null) {
                summary.put("startTime", end.startTime());
            }
            if (end.endTime() != null) {
                summary.put("endTime", end.endTime());
            }
            Map<String, String> tables = new LinkedHashMap<>();
            end.objects().forEach(o -> tables.put(o.partition() != null && !o.partition().equals(o.table())
                    ? o.table() + "/" + o.partition() : o.table(), o.status()));
            if (!tables.isEmpty()) {
                summary.put("tables", tables);
            }
            return summary;
        }

        private JobInstancePoller.Intervals intervals() {
            return new JobInstancePoller.Intervals(config.pollInterval(), config.minPollInterval(), config.maxPollInterval(),
                    config.cancelCheckInterval());
        }

        Map<String, Object> result() {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("modelId", modelId);
            result.put("modelName", modelName);
            result.put("workspaceId", workspaceId);
            result.put("enhanced", ref.enhanced());
            if (!waitedFor.isEmpty()) {
                result.put("waitedFor", List.copyOf(waitedFor));
            }
            result.put("refresh", summary());
            return result;
        }
    }

    /** The {@code errorCode} inside a history entry's {@code serviceExceptionJson} string, or {@link #REFRESH_FAILED}. */
    private static String serviceErrorCode(String serviceExceptionJson) {
        if (serviceExceptionJson == null || serviceExceptionJson.isBlank()) {
            return REFRESH_FAILED;
        }
        try {
            String code = new com.fasterxml.jackson.databind.ObjectMapper().readTree(serviceExceptionJson).path("errorCode").asText("");
            return code.isBlank() ? REFRESH_FAILED : code;
        } catch (Exception notJson) {
            return REFRESH_FAILED;
        }
    }
}
