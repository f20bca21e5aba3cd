package io.weft.support.jobs;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.weft.contracts.ContractViolationException;
import io.weft.contracts.command.Command;
import io.weft.contracts.command.WorkspaceCommand;
import io.weft.contracts.event.JobError;
import io.weft.contracts.event.JobFailed;
import io.weft.support.messaging.CloudEvents;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the commands a worker consumes, with the delivery rules every worker shares:
 * <ul>
 * <li>a command arrives as a CloudEvent in either content mode (binary or structured, read by
 * {@link CloudEvents#decode}); a record that does not read or decode, whatever it holds, or that the handler
 * rejects, fails its job (when a job id can be found in it) and goes to the dead-letter topic with the reason
 * (the channel's {@code failure-strategy=dead-letter-queue});</li>
 * <li>commands with the same key (workspace) run one after another, others concurrently, up to
 * {@link WorkerConfig#maxConcurrentJobs()};</li>
 * <li>a command is acknowledged only once its job reached a terminal state and that state was published,
 * so with the throttled commit strategy a worker that dies mid-job leaves it to be redelivered.</li>
 * </ul>
 * Call {@link #submit} from a {@code @Blocking} {@code @Incoming} method: it blocks while too many commands
 * are in flight, which pauses consumption.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    /** Reasons go into a header and an event: long enough to act on, never as large as the record. */
    private static final int MAX_REASON_CHARS = 2_000;

    private final JobEventPublisher publisher;
    private final CancellationRegistry cancellations;
    private final Instance<ErrorDescriber> describers;
    private final WorkerConfig config;
    private final ExecutorService pool;
    private final Semaphore inFlight;
    private final Map<String, CompletableFuture<Void>> queues = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** The job's span around each attempt (field-injected to keep the constructor's wiring as it is). */
    @Inject
    JobSpans spans;

    @Inject
    public JobRunner(JobEventPublisher publisher, CancellationRegistry cancellations, Instance<ErrorDescriber> describers,
            WorkerConfig config) {
        this.publisher = publisher;
        this.cancellations = cancellations;
        this.describers = describers;
        this.config = config;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.maxConcurrentJobs(), runnable -> {
            Thread thread = new Thread(runnable, "weft-job-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.inFlight = new Semaphore(config.maxInFlightCommands());
    }

    /**
     * Takes one command message: decodes it as {@code commandType} and queues it behind the jobs of the same
     * key. Returns once the command is queued; the message is acknowledged (or dead-lettered) when its job ends.
     */
    public <C extends Command> CompletionStage<Void> submit(Message<byte[]> message, Class<C> commandType,
            JobHandler<C> handler) {
        C command;
        try {
            command = CloudEvents.decode(message, commandType);
        } catch (Throwable e) {
            // Any record may arrive: whatever reading it throws, even an Error from pathological input, rejects
            // this one record and nothing else.
            return reject(message, e);
        }
        inFlight.acquireUninterruptibly();
        String key = queueKey(message, command);
        CompletableFuture<Void> job = queues.compute(key, (k, previous) ->
                (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
                        .handleAsync((ignored, error) -> {
                            execute(message, command, handler);
                            return null;
                        }, pool));
        job.whenComplete((ignored, error) -> {
            queues.remove(key, job);
            inFlight.release();
        });
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Fails the job of a record that cannot be read as a command, wherever its id can be found, and sends the
     * record to the dead-letter topic with the reason.
     */
    private CompletionStage<Void> reject(Message<byte[]> message, Throwable failure) {
        String reason = failure instanceof ContractViolationException ? failure.getMessage()
                : "the record could not be read: " + failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        reason = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "…" : reason;
        String jobId = CloudEvents.jobIdOf(message).orElse(null);
        LOG.warnf("Rejecting a record for job %s: %s", jobId == null ? "(none found)" : jobId, reason);
        if (jobId != null) {
            publishQuietly(new JobFailed(jobId, System.currentTimeMillis(), 1, Instant.now(), null,
                    new JobError(JobErrorCodes.INVALID_COMMAND, reason, null, null, false)));
        }
        return message.nack(new CommandRejectedException(JobErrorCodes.INVALID_COMMAND, reason, failure));
    }

    private <C extends Command> void execute(Message<byte[]> message, C command, JobHandler<C> handler) {
        try (JobSpans.Open span = spans.open(message, handler.kind(), command.jobId())) {
            attempt(message, command, handler);
        }
    }

    private <C extends Command> void attempt(Message<byte[]> message, C command, JobHandler<C> handler) {
        JobAttempt attempt = new JobAttempt(command.jobId(), publisher, cancellations, this::describe,
                JobAttempt.ProgressPolicy.of(config),
                () -> stopping);
        try {
            attempt.throwIfCancelled();
            attempt.started(handler.kind(), command instanceof WorkspaceCommand w ? w.target() : null,
                    handler.steps(command));
            Map<String, Object> result = handler.run(command, attempt);
            attempt.succeeded(result);
            message.ack();
        } catch (JobCancelledException e) {
            terminal(message, () -> attempt.cancelled(e.reason()), false, e);
        } catch (CommandRejectedException e) {
            LOG.warnf("Job %s: command rejected: [%s] %s", command.jobId(), e.code(), e.getMessage());
            terminal(message, () -> attempt.failed(new JobError(e.code(), e.getMessage(), null, null, false)), true, e);
        } catch (Throwable e) {
            if (stopping) {
                // Interrupted by shutdown, not failed: no terminal event, no ack, so the command is redelivered.
                LOG.infof("Job %s interrupted by shutdown; its command will be redelivered", command.jobId());
                return;
            }
            JobError error = describe(e);
            LOG.warnf("Job %s failed: %s", command.jobId(), error.summary());
            terminal(message, () -> attempt.failed(error), false, e);
        }
    }

    /**
     * Publishes a terminal event, then acknowledges (or dead-letters) the command. If the event cannot be
     * published, the command stays unacknowledged so that it is redelivered rather than lost.
     */
    private void terminal(Message<byte[]> message, Runnable publishTerminalEvent, boolean deadLetter, Throwable cause) {
        try {
            publishTerminalEvent.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not publish the terminal event; leaving the command unacknowledged for redelivery");
            return;
        }
        if (deadLetter) {
            message.nack(cause);
        } else {
            message.ack();
        }
    }

    JobError describe(Throwable failure) {
        for (ErrorDescriber describer : describers) {
            JobError error = describer.describe(failure);
            if (error != null) {
                return error;
            }
        }
        // The code is stable (clients match on it); the exception's type goes into the message, for the operator.
        return new JobError(JobErrorCodes.INTERNAL_ERROR, failure.getClass().getSimpleName() + ": "
                + Objects.requireNonNullElse(failure.getMessage(), "no message"), null, null, false);
    }

    private void publishQuietly(JobFailed event) {
        try {
            publisher.publish(event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not publish %s for job %s", event.getClass().getSimpleName(), event.jobId());
        }
    }

    private static String queueKey(Message<byte[]> message, Command command) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> metadata.getKey())
                .map(Object::toString)
                .orElse(command.partitionKey());
    }

    /**
     * Marks the worker as stopping as soon as shutdown begins, before the messaging channels close: from then on a
     * job that breaks (its events can no longer be sent, its threads get interrupted) is an interrupted job, left
     * unacknowledged for redelivery, not a failed one.
     */
    void shutdownBegins(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        stopping = true;
    }

    @PreDestroy
    void stop() {
        // Unfinished jobs stay unacknowledged and are redelivered to the next owner of their partition.
        stopping = true;
        pool.shutdownNow();
        // The job threads are daemons: without this wait the JVM exits while an interrupted job is still unwinding,
        // and its finally blocks (e.g. removing the files it extracted) never run.
        try {
            if (!pool.awaitTermination(config.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("Jobs still running %s after they were interrupted; stopping without them", config.stopTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
