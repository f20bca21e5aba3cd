package io.weft.tracker.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.command.WorkspaceCommand;
import io.weft.contracts.event.JobCancelled;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepEvent;
import io.weft.contracts.event.StepFailed;
import io.weft.contracts.event.StepProgressed;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;
import io.weft.contracts.command.CancelJob;
import io.weft.tracker.model.Attempt;
import io.weft.tracker.model.CancelRequest;
import io.weft.tracker.model.ErrorInfo;
import io.weft.tracker.model.InputCategory;
import io.weft.tracker.model.JobInput;
import io.weft.tracker.model.JobStatus;
import io.weft.tracker.model.Lifecycle;
import io.weft.tracker.model.Outcome;
import io.weft.tracker.model.StepState;
import io.weft.tracker.model.StepStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Folds the whole history of one job into its status. A pure function of the <em>set</em> of inputs: it
 * sorts them itself (events by {@code (attempt, sequence)}), so any arrival order and any number of
 * duplicates give the same status.
 *
 * <p>Rules that are not obvious:
 * <ul>
 * <li>the first terminal event in {@code (attempt, sequence)} order decides the outcome; what sorts after it
 * stays in the history but does not reopen the job, so a completed job never regresses;</li>
 * <li>a dead letter completes the job as FAILED with SmallRye's reason unless an event already decided it;</li>
 * <li>a {@code JobFailed} whose error code says the job timed out ends as TIMED_OUT;</li>
 * <li>attempts are numbered 1, 2, 3... in the order of the workers' attempt keys, and start with their first
 * event; an attempt sorting after the deciding event is not counted;</li>
 * <li>the last event time is the latest occurrence among the command, the events and the dead letter (from the
 * producers' clocks, so a rebuilt read model says the same); cancel requests do not count;</li>
 * <li>a job is only known once its command, an event or its dead letter is seen: a cancel request alone
 * registers nothing (it is kept and shows once the job does).</li>
 * </ul>
 */
public final class JobFold {

    /** The error code of a command that came back from a dead-letter topic. */
    public static final String COMMAND_REJECTED = "CommandRejected";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final Set<String> TIMEOUT_CODES = Set.of("timeout", "timedout", "operationtimedout", "jobtimedout");
    private static final Comparator<JobInput> EVENT_ORDER = Comparator
            .comparing(JobInput::attempt).thenComparing(JobInput::sequence);
    private static final Comparator<JobInput> CANCEL_ORDER = Comparator
            .comparing(JobInput::occurredAt).thenComparing(input -> Objects.toString(input.ceId(), ""));

    private JobFold() {
    }

    /** The job's status, or empty when nothing but cancel requests is known of it. */
    public static Optional<JobStatus> fold(String jobId, List<JobInput> inputs) {
        return foldState(jobId, inputs).map(FoldState::status);
    }

    /**
     * The job's status with what {@link #advance} needs to go on from it, or empty when nothing but cancel
     * requests is known of it.
     */
    public static Optional<FoldState> foldState(String jobId, List<JobInput> inputs) {
        Builder job = new Builder(jobId);
        Optional<JobInput> command = first(inputs, InputCategory.COMMAND);
        Optional<JobInput> deadLetter = first(inputs, InputCategory.DEAD_LETTER);
        List<JobInput> events = inputs.stream().filter(i -> i.category() == InputCategory.EVENT)
                .sorted(EVENT_ORDER).toList();
        if (command.isEmpty() && deadLetter.isEmpty() && events.isEmpty()) {
            return Optional.empty();
        }
        command.or(() -> deadLetter).ifPresent(job::register);
        // One input per (attempt, sequence) even when handed duplicates: the first seen wins, like the store's key.
        Map<List<Long>, JobInput> unique = new LinkedHashMap<>();
        events.forEach(e -> unique.putIfAbsent(List.of(e.attempt(), e.sequence()), e));
        unique.values().forEach(job::apply);
        deadLetter.ifPresent(job::deadLettered);
        inputs.stream().filter(i -> i.category() == InputCategory.CANCEL).min(CANCEL_ORDER)
                .ifPresent(job::cancelRequested);
        job.lastEventAt = inputs.stream().filter(i -> i.category() != InputCategory.CANCEL).map(JobInput::occurredAt)
                .max(Comparator.naturalOrder()).orElse(null);
        job.createdAt = command.map(c -> c.occurredAt())
                .orElseGet(() -> inputs.stream().map(JobInput::occurredAt).min(Comparator.naturalOrder()).orElseThrow());
        JobInput last = events.isEmpty() ? null : events.get(events.size() - 1);
        return Optional.of(new FoldState(job.build(), last == null ? null : last.attempt(),
                last == null ? null : last.sequence(), command.isPresent(), deadLetter.isPresent()));
    }

    /**
     * Applies new inputs of a job to its folded state without its history: possible when they are all events
     * sorting after every event already folded (the usual case: a worker's events arrive in order) and the
     * job had no dead letter (which is applied after all events). The result is what {@link #foldState} gives
     * for the whole history; empty when the inputs cannot be applied this way, and the caller must refold.
     *
     * @param inputs inputs not yet in the state, each (attempt, sequence) once
     */
    public static Optional<FoldState> advance(FoldState state, List<JobInput> inputs) {
        if (state.deadLetter() || inputs.stream().anyMatch(i -> i.category() != InputCategory.EVENT)) {
            return Optional.empty();
        }
        List<JobInput> events = inputs.stream().sorted(EVENT_ORDER).toList();
        if (events.isEmpty()) {
            return Optional.of(state);
        }
        JobInput first = events.get(0);
        if (state.lastAttempt() != null && (first.attempt() < state.lastAttempt()
                || (first.attempt().equals(state.lastAttempt()) && first.sequence() <= state.lastSequence()))) {
            return Optional.empty();
        }
        Builder job = Builder.from(state.status());
        for (JobInput event : events) {
            job.apply(event);
            if (job.lastEventAt == null || event.occurredAt().isAfter(job.lastEventAt)) {
                job.lastEventAt = event.occurredAt();
            }
            if (!state.command() && event.occurredAt().isBefore(job.createdAt)) {
                job.createdAt = event.occurredAt();
            }
        }
        JobInput last = events.get(events.size() - 1);
        return Optional.of(new FoldState(job.build(), last.attempt(), last.sequence(), state.command(), false));
    }

    /**
     * A folded job and what an incremental fold needs besides its status.
     *
     * @param lastAttempt  the attempt of the event that sorts last among those folded (null: no event yet)
     * @param lastSequence its sequence
     * @param command      whether the job's command was folded
     * @param deadLetter   whether the job's dead letter was folded
     */
    public record FoldState(JobStatus status, Long lastAttempt, Long lastSequence, boolean command,
            boolean deadLetter) {
    }

    private static Optional<JobInput> first(List<JobInput> inputs, InputCategory category) {
        return inputs.stream().filter(i -> i.category() == category).findFirst();
    }

    /** The job kind named by a command's CloudEvent type, e.g. {@code graph-scenario}. */
    public static String kindOf(String ceType) {
        String[] parts = ceType.split("\\.");
        return parts.length >= 4 ? parts[parts.length - 3] : ceType;
    }

    /** Whether an error code says that the job ran out of time rather than failed. */
    static boolean isTimeout(String code) {
        return code != null && TIMEOUT_CODES.contains(code.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", ""));
    }

    private static final class Builder {
        private final String jobId;
        private String kind;
        private String workspace;
        private boolean running;
        private Outcome outcome;
        private Long attempt;
        private String currentStep;
        private Map<String, Object> request;
        private Map<String, Object> requestSummary;
        private final List<Attempt> attempts = new ArrayList<>();
        private Instant lastEventAt;
        private Map<String, Object> result;
        private ErrorInfo error;
        private String failedStep;
        private CancelRequest cancelRequest;
        private Instant createdAt;
        private Instant startedAt;
        private Instant finishedAt;
        private final Map<String, StepBuilder> steps = new LinkedHashMap<>();

        Builder(String jobId) {
            this.jobId = jobId;
        }

        /** A builder that goes on from a folded status, as if it had applied that status's history. */
        static Builder from(JobStatus status) {
            Builder job = new Builder(status.jobId());
            job.kind = status.kind();
            job.workspace = status.workspace();
            job.running = status.lifecycle() != Lifecycle.QUEUED;
            job.outcome = status.outcome();
            job.attempt = status.attemptKey();
            job.attempts.addAll(status.attempts());
            job.currentStep = status.currentStep();
            job.request = status.request();
            job.requestSummary = status.requestSummary();
            job.lastEventAt = status.lastEventAt();
            job.result = status.result();
            job.error = status.error();
            job.failedStep = status.failedStep();
            job.cancelRequest = status.cancelRequest();
            job.createdAt = status.createdAt();
            job.startedAt = status.startedAt();
            job.finishedAt = status.finishedAt();
            for (StepStatus step : status.steps()) {
                job.steps.put(step.name(), StepBuilder.from(step));
            }
            return job;
        }

        void register(JobInput command) {
            kind = kindOf(command.ceType());
            if (command.message() instanceof WorkspaceCommand workspaceCommand) {
                workspace = workspaceCommand.target();
            }
            request = Redaction.redact(command.data());
            requestSummary = request == null ? null : ContractCodec.get().mapper().convertValue(
                    RequestShapes.summary(ContractCodec.get().mapper().valueToTree(request)), MAP);
        }

        void apply(JobInput input) {
            if (outcome != null) {
                return;
            }
            JobEvent event = (JobEvent) input.message();
            running = true;
            // Events apply in (attempt, sequence) order: an attempt starts where the attempt key changes.
            if (!Objects.equals(attempt, event.attempt())) {
                attempts.add(new Attempt(attempts.size() + 1, event.occurredAt()));
            }
            attempt = event.attempt();
            if (event instanceof JobStarted started) {
                if (kind == null) {
                    kind = started.kind();
                }
                if (workspace == null) {
                    workspace = started.workspace();
                }
                if (startedAt == null) {
                    startedAt = started.occurredAt();
                }
                if (started.steps() != null) {
                    started.steps().forEach(this::step);
                }
            } else if (event instanceof StepEvent stepEvent) {
                applyStep(stepEvent);
            } else if (event instanceof JobSucceeded succeeded) {
                complete(Outcome.SUCCEEDED, succeeded.occurredAt());
                result = succeeded.result();
            } else if (event instanceof JobFailed failed) {
                complete(failed.error() != null && isTimeout(failed.error().code()) ? Outcome.TIMED_OUT : Outcome.FAILED,
                        failed.occurredAt());
                error = ErrorInfo.of(failed.error());
                failedStep = failed.step();
                if (failed.step() != null) {
                    StepBuilder step = step(failed.step());
                    if (step.state != StepState.FAILED) {
                        step.state = StepState.FAILED;
                        step.finishedAt = failed.occurredAt();
                        step.lastError = error;
                    }
                }
                stopUnfinishedSteps(StepState.FAILED, failed.occurredAt());
            } else if (event instanceof JobCancelled cancelled) {
                complete(Outcome.CANCELLED, cancelled.occurredAt());
                if (cancelled.reason() != null) {
                    error = new ErrorInfo("Cancelled", cancelled.reason(), null, null, false);
                }
                stopUnfinishedSteps(StepState.CANCELLED, cancelled.occurredAt());
            }
        }

        private void applyStep(StepEvent event) {
            StepBuilder step = step(event.step());
            if (event instanceof StepStarted started) {
                step.state = StepState.RUNNING;
                step.attempts++;
                if (step.startedAt == null) {
                    step.startedAt = started.occurredAt();
                }
                step.finishedAt = null;
                currentStep = started.step();
            } else if (event instanceof StepProgressed progressed) {
                if (step.state == StepState.SUCCEEDED) {
                    return;
                }
                if (step.state != StepState.RUNNING) {
                    step.state = StepState.RUNNING;
                    step.startedAt = step.startedAt == null ? progressed.occurredAt() : step.startedAt;
                    currentStep = progressed.step();
                }
                step.done = progressed.done();
                step.total = progressed.total();
                step.unit = progressed.unit();
                step.percentComplete = progressed.percentComplete();
                step.detail = progressed.detail();
            } else if (event instanceof StepSucceeded succeeded) {
                step.state = StepState.SUCCEEDED;
                step.finishedAt = succeeded.occurredAt();
                step.output = succeeded.output();
                if (step.total != null && step.total > 0) {
                    step.done = step.total;
                }
            } else if (event instanceof StepFailed failed) {
                step.state = StepState.FAILED;
                step.finishedAt = failed.occurredAt();
                step.lastError = ErrorInfo.of(failed.error());
            }
        }

        private void stopUnfinishedSteps(StepState state, Instant at) {
            steps.values().stream().filter(s -> s.state == StepState.RUNNING).forEach(s -> {
                s.state = state;
                s.finishedAt = at;
            });
        }

        private void complete(Outcome how, Instant at) {
            outcome = how;
            finishedAt = at;
        }

        void deadLettered(JobInput deadLetter) {
            if (outcome != null) {
                return;
            }
            outcome = Outcome.FAILED;
            finishedAt = deadLetter.occurredAt();
            error = new ErrorInfo(COMMAND_REJECTED,
                    deadLetter.reason() == null ? "the command was rejected to " + deadLetter.topic() : deadLetter.reason(),
                    null, null, false);
        }

        void cancelRequested(JobInput input) {
            CancelJob cancel = (CancelJob) input.message();
            cancelRequest = new CancelRequest(input.occurredAt(), cancel.reason(), cancel.requestedBy());
        }

        private StepBuilder step(String name) {
            return steps.computeIfAbsent(name, n -> new StepBuilder(steps.size(), n));
        }

        JobStatus build() {
            Lifecycle lifecycle = outcome != null ? Lifecycle.COMPLETED : running ? Lifecycle.RUNNING : Lifecycle.QUEUED;
            List<StepStatus> stepStatuses = steps.values().stream().map(StepBuilder::build).toList();
            return new JobStatus(jobId, kind, workspace, lifecycle, outcome, attempt, List.copyOf(attempts),
                    currentStep, progressPercent(stepStatuses), request, requestSummary, result, error, failedStep,
                    cancelRequest, createdAt, startedAt, finishedAt, lastEventAt, stepStatuses);
        }

        private int progressPercent(List<StepStatus> stepStatuses) {
            if (outcome == Outcome.SUCCEEDED) {
                return 100;
            }
            if (stepStatuses.isEmpty()) {
                return 0;
            }
            double sum = 0;
            for (StepStatus step : stepStatuses) {
                sum += fraction(step);
            }
            return (int) Math.floor(100 * sum / stepStatuses.size());
        }

        private static double fraction(StepStatus step) {
            if (step.state() == StepState.SUCCEEDED) {
                return 1;
            }
            if (step.total() != null && step.total() > 0 && step.done() != null) {
                return Math.min(1, Math.max(0, (double) step.done() / step.total()));
            }
            if (step.percentComplete() != null) {
                return Math.min(100, Math.max(0, step.percentComplete())) / 100.0;
            }
            return 0;
        }
    }

    private static final class StepBuilder {
        private final int position;
        private final String name;
        private StepState state = StepState.PENDING;
        private int attempts;
        private Long done;
        private Long total;
        private String unit;
        private Integer percentComplete;
        private String detail;
        private Instant startedAt;
        private Instant finishedAt;
        private Map<String, Object> output;
        private ErrorInfo lastError;

        StepBuilder(int position, String name) {
            this.position = position;
            this.name = name;
        }

        static StepBuilder from(StepStatus status) {
            StepBuilder step = new StepBuilder(status.position(), status.name());
            step.state = status.state();
            step.attempts = status.attempts();
            step.done = status.done();
            step.total = status.total();
            step.unit = status.unit();
            step.percentComplete = status.percentComplete();
            step.detail = status.detail();
            step.startedAt = status.startedAt();
            step.finishedAt = status.finishedAt();
            step.output = status.output();
            step.lastError = status.lastError();
            return step;
        }

        StepStatus build() {
            return new StepStatus(position, name, state, attempts, done, total, unit, percentComplete, detail,
                    startedAt, finishedAt, output, lastError);
        }
    }
}
