package io.weft.support.jobs;

import io.weft.contracts.event.JobCancelled;
import io.weft.contracts.event.JobError;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepFailed;
import io.weft.contracts.event.StepProgressed;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One attempt at one job: numbers its events, publishes them, and tracks the step under way. A redelivered
 * command gets a new attempt, with a greater attempt number (its start in epoch milliseconds).
 */
final class JobAttempt implements JobContext {

    private final String jobId;
    private final long attempt;
    private final AtomicLong sequence = new AtomicLong();
    private final JobEventPublisher publisher;
    private final CancellationRegistry cancellations;
    private final Function<Throwable, JobError> describer;
    private final Duration progressInterval;
    private final BooleanSupplier workerStopping;
    private volatile String currentStep;
    private volatile String lastCompletedStep;

    JobAttempt(String jobId, JobEventPublisher publisher, CancellationRegistry cancellations,
            Function<Throwable, JobError> describer, Duration progressInterval, BooleanSupplier workerStopping) {
        this.jobId = jobId;
        this.attempt = System.currentTimeMillis();
        this.publisher = publisher;
        this.cancellations = cancellations;
        this.describer = describer;
        this.progressInterval = progressInterval;
        this.workerStopping = workerStopping;
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public boolean cancelRequested() {
        return cancellations.cancelReason(jobId).isPresent();
    }

    @Override
    public Map<String, Object> step(String name, StepWork work) throws Exception {
        throwIfCancelled();
        currentStep = name;
        publisher.publish(new StepStarted(jobId, attempt, next(), Instant.now(), name));
        Map<String, Object> output;
        try {
            output = work.run(new ThrottledProgress(name));
        } catch (JobCancelledException | CommandRejectedException e) {
            throw e;
        } catch (Exception e) {
            if (workerStopping.getAsBoolean()) {
                // Interrupted by the worker's shutdown: the step did not fail, and the redelivered command will run it again.
                throw e;
            }
            publisher.publish(new StepFailed(jobId, attempt, next(), Instant.now(), name, describer.apply(e)));
            throw e;
        }
        publisher.publish(new StepSucceeded(jobId, attempt, next(), Instant.now(), name, output == null ? Map.of() : output));
        lastCompletedStep = name;
        currentStep = null;
        return output == null ? Map.of() : output;
    }

    void throwIfCancelled() {
        cancellations.cancelReason(jobId).ifPresent(reason -> {
            throw new JobCancelledException(reason);
        });
    }

    void started(String kind, String workspace, List<String> steps) {
        publisher.publish(new JobStarted(jobId, attempt, next(), Instant.now(), kind, workspace, steps));
    }

    void succeeded(Map<String, Object> result) {
        publisher.publish(new JobSucceeded(jobId, attempt, next(), Instant.now(), result == null ? Map.of() : result));
    }

    void failed(JobError error) {
        publisher.publish(new JobFailed(jobId, attempt, next(), Instant.now(), currentStep, error));
    }

    void cancelled(String reason) {
        publisher.publish(new JobCancelled(jobId, attempt, next(), Instant.now(), lastCompletedStep, reason));
    }

    private long next() {
        return sequence.incrementAndGet();
    }

    /** Sends a step's progress at most once per interval, and always the final one. */
    private final class ThrottledProgress implements StepProgress {
        private final String step;
        private long lastSentNanos;

        ThrottledProgress(String step) {
            this.step = step;
        }

        @Override
        public synchronized void report(long done, long total, String unit, Integer percentComplete, String detail) {
            long now = System.nanoTime();
            boolean finished = total > 0 && done >= total;
            if (!finished && lastSentNanos != 0 && now - lastSentNanos < progressInterval.toNanos()) {
                return;
            }
            lastSentNanos = now;
            publisher.publish(new StepProgressed(jobId, attempt, next(), Instant.now(), step, done, total, unit,
                    percentComplete, detail));
        }
    }
}
