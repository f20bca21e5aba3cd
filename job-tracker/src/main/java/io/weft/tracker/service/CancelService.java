package io.weft.tracker.service;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.weft.contracts.command.CancelJob;
import io.weft.contracts.command.Requester;
import io.weft.support.messaging.CloudEvents;
import io.weft.tracker.model.JobView;
import io.weft.tracker.model.Lifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Asks the worker running a job to stop it, by publishing a {@link CancelJob} on {@code weft.commands.control}.
 * The job shows the request once the tracker reads it back from that topic, like any other producer's.
 */
@ApplicationScoped
public class CancelService {

    /** The outgoing channel to {@code weft.commands.control}. */
    public static final String CHANNEL = "control-out";
    /** The CloudEvent source of the cancel commands the tracker publishes. */
    public static final String SOURCE = "/weft/job-tracker";
    static final String DEFAULT_REASON = "cancelled by a user";

    private final MutinyEmitter<byte[]> control;
    private final JobQueries queries;

    @Inject
    public CancelService(@Channel(CHANNEL) MutinyEmitter<byte[]> control, JobQueries queries) {
        this.control = control;
        this.queries = queries;
    }

    /** Publishes the cancel request once the broker acknowledged it; refuses unknown and completed jobs. */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    public CancelJob cancel(String jobId, String reason, Requester requestedBy) {
        JobView job = queries.find(jobId, false).orElseThrow(() -> new JobNotFoundException(jobId));
        if (job.lifecycle() == Lifecycle.COMPLETED) {
            throw new JobAlreadyCompletedException(jobId, job.outcome());
        }
        CancelJob cancel = new CancelJob(jobId, reason == null || reason.isBlank() ? DEFAULT_REASON : reason.strip(),
                Instant.now(), requestedBy);
        control.sendMessageAndAwait(CloudEvents.message(cancel, SOURCE));
        return cancel;
    }
}
