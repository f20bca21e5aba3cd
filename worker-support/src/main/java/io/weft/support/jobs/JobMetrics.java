package io.weft.support.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.weft.contracts.event.JobCancelled;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepFailed;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The workers' business metrics, read off the job events as they are published (so the job code stays free of
 * metric calls): jobs by kind and outcome, job and step durations, jobs running and the age of the oldest one.
 * Names and tags are documented in docs/metrics.md; a job's duration runs from its {@link JobStarted} to its
 * terminal event, both as the worker observed them.
 */
@ApplicationScoped
public class JobMetrics {

    private static final Logger LOG = Logger.getLogger(JobMetrics.class);

    public static final String JOBS = "weft.jobs";
    public static final String JOB_DURATION = "weft.job.duration";
    public static final String STEP_DURATION = "weft.job.step.duration";
    public static final String RUNNING = "weft.jobs.running";
    public static final String OLDEST_RUNNING = "weft.jobs.oldest.running";

    /** Histogram buckets of job and step durations: jobs take seconds to an hour, so a few wide buckets do. */
    private static final Duration[] BUCKETS = Stream.of(1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
            .map(Duration::ofSeconds).toArray(Duration[]::new);

    /** A job this worker has started and not yet ended, with the step now running (if any). */
    private record Running(String kind, Instant startedAt, String step, Instant stepStartedAt) {
        Running withStep(String name, Instant at) {
            return new Running(kind, startedAt, name, at);
        }
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, Boolean> kindsWithGauges = new ConcurrentHashMap<>();

    @Inject
    public JobMetrics(MeterRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    JobMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Records what one published event says; never throws (a metric must not fail a job). */
    public void observe(JobEvent event) {
        try {
            record(event);
        } catch (RuntimeException e) {
            // Metrics are best effort: a broken meter must never turn into a failed job.
            LOG.warnf(e, "Could not record the metrics of %s for job %s", event.getClass().getSimpleName(), event.jobId());
        }
    }

    private void record(JobEvent event) {
        if (event instanceof JobStarted started) {
            running.put(started.jobId(), new Running(started.kind(), started.occurredAt(), null, null));
            gaugesFor(started.kind());
        } else if (event instanceof StepStarted step) {
            running.computeIfPresent(step.jobId(), (id, job) -> job.withStep(step.step(), step.occurredAt()));
        } else if (event instanceof StepSucceeded step) {
            stepEnded(step.jobId(), step.step(), "succeeded", step.occurredAt());
        } else if (event instanceof StepFailed step) {
            stepEnded(step.jobId(), step.step(), "failed", step.occurredAt());
        } else if (event instanceof JobSucceeded done) {
            jobEnded(done.jobId(), "succeeded", done.occurredAt());
        } else if (event instanceof JobFailed failed) {
            jobEnded(failed.jobId(), "failed", failed.occurredAt());
        } else if (event instanceof JobCancelled cancelled) {
            jobEnded(cancelled.jobId(), "cancelled", cancelled.occurredAt());
        }
    }

    private void stepEnded(String jobId, String step, String outcome, Instant at) {
        Running job = running.get(jobId);
        if (job == null || job.stepStartedAt() == null || !step.equals(job.step())) {
            return;
        }
        Timer.builder(STEP_DURATION).description("Time a job's step took, from its start to its end")
                .tag("kind", job.kind()).tag("step", step).tag("outcome", outcome)
                .serviceLevelObjectives(BUCKETS).register(registry)
                .record(nonNegative(Duration.between(job.stepStartedAt(), at)));
    }

    private void jobEnded(String jobId, String outcome, Instant at) {
        Running job = running.remove(jobId);
        // A job rejected before it started (unreadable command) has no kind: it still counts.
        String kind = job == null ? "unknown" : job.kind();
        Counter.builder(JOBS).description("Jobs this worker ended, by kind and outcome")
                .tag("kind", kind).tag("outcome", outcome).register(registry).increment();
        if (job != null) {
            Timer.builder(JOB_DURATION).description("Time an attempt at a job took, from its start to its end")
                    .tag("kind", kind).tag("outcome", outcome).serviceLevelObjectives(BUCKETS).register(registry)
                    .record(nonNegative(Duration.between(job.startedAt(), at)));
        }
    }

    private void gaugesFor(String kind) {
        kindsWithGauges.computeIfAbsent(kind, k -> {
            Gauge.builder(RUNNING, this, metrics -> metrics.running.values().stream().filter(j -> j.kind().equals(k)).count())
                    .description("Jobs of this kind running on this worker now").tag("kind", k).register(registry);
            Gauge.builder(OLDEST_RUNNING, this, metrics -> metrics.oldestRunningSeconds(k))
                    .description("Age in seconds of the oldest job of this kind running on this worker (0 when none)")
                    .baseUnit("seconds").tag("kind", k).register(registry);
            return Boolean.TRUE;
        });
    }

    double oldestRunningSeconds(String kind) {
        Instant now = clock.instant();
        return running.values().stream().filter(j -> j.kind().equals(kind))
                .mapToDouble(j -> Math.max(0, Duration.between(j.startedAt(), now).toMillis() / 1000.0)).max().orElse(0);
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
