package io.weft.support.jobs;

import io.weft.contracts.event.JobCancelled;
import io.weft.contracts.event.JobError;
import io.weft.contracts.event.JobEvent;
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
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

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
    private final ProgressPolicy progress;
    private final BooleanSupplier workerStopping;
    private volatile String currentStep;
    private volatile String lastCompletedStep;

    JobAttempt(String jobId, JobEventPublisher publisher, CancellationRegistry cancellations,
            Function<Throwable, JobError> describer, ProgressPolicy progress, BooleanSupplier workerStopping) {
        this.jobId = jobId;
        this.attempt = System.currentTimeMillis();
        this.publisher = publisher;
        this.cancellations = cancellations;
        this.describer = describer;
        this.progress = progress;
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
        return run(name, work);
    }

    @Override
    public Map<String, Object> compensate(String name, StepWork work) throws Exception {
        // A compensation that succeeds leaves the failed step as the job's failed step; one that fails is the failed step.
        String interrupted = currentStep;
        Map<String, Object> output = run(name, work);
        currentStep = interrupted;
        return output;
    }

    private Map<String, Object> run(String name, StepWork work) throws Exception {
        currentStep = name;
        publish(number -> new StepStarted(jobId, attempt, number, Instant.now(), name));
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
            publish(number -> new StepFailed(jobId, attempt, number, Instant.now(), name, describer.apply(e)));
            throw e;
        }
        publish(number -> new StepSucceeded(jobId, attempt, number, Instant.now(), name, output == null ? Map.of() : output));
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
        publish(number -> new JobStarted(jobId, attempt, number, Instant.now(), kind, workspace, steps));
    }

    void succeeded(Map<String, Object> result) {
        publish(number -> new JobSucceeded(jobId, attempt, number, Instant.now(), result == null ? Map.of() : result));
    }

    void failed(JobError error) {
        publish(number -> new JobFailed(jobId, attempt, number, Instant.now(), currentStep, error));
    }

    void cancelled(String reason) {
        publish(number -> new JobCancelled(jobId, attempt, number, Instant.now(), lastCompletedStep, reason));
    }

    /**
     * Numbers and sends one event under the attempt's lock: a step's parallel tasks report progress from several
     * threads, and the tracker and the tests rely on events reaching the topic in their sequence order.
     */
    private synchronized void publish(LongFunction<JobEvent> event) {
        publisher.publish(event.apply(sequence.incrementAndGet()));
    }

    /** Sends the step's progress reports that its {@link ProgressCoalescer} lets through. */
    private final class ThrottledProgress implements StepProgress {
        private final String step;
        private final ProgressCoalescer coalescer;

        ThrottledProgress(String step) {
            this.step = step;
            this.coalescer = new ProgressCoalescer(progress.interval(), progress.percentStep(), progress.heartbeat(),
                    progress.nanoClock());
        }

        @Override
        public void report(long done, long total, String unit, Integer percentComplete, String detail) {
            if (coalescer.offer(done, total, percentComplete)) {
                publish(number -> new StepProgressed(jobId, attempt, number, Instant.now(), step, done, total, unit,
                        percentComplete, detail));
            }
        }
    }

    /**
     * How a job's progress reports are coalesced (see {@link ProgressCoalescer}).
     *
     * @param nanoClock the clock the intervals are measured on
     */
    record ProgressPolicy(Duration interval, int percentStep, Duration heartbeat, LongSupplier nanoClock) {

        static ProgressPolicy of(WorkerConfig config) {
            return new ProgressPolicy(config.progressInterval(), config.progressPercentStep(),
                    config.progressHeartbeat(), System::nanoTime);
        }
    }
}
