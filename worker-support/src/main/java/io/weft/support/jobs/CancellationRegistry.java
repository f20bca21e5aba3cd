package io.weft.support.jobs;

import io.weft.contracts.ContractCodec;
import io.weft.contracts.command.CancelJob;
import io.weft.support.messaging.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Remembers the cancel requests seen on {@code weft.commands.control}. Every worker instance reads the
 * whole topic with a group of its own, since any instance may be the one running (or about to run) the job.
 */
@ApplicationScoped
public class CancellationRegistry {

    /** The incoming channel of control commands; its topic is {@code weft.commands.control}. */
    public static final String CHANNEL = "job-control";

    private static final Logger LOG = Logger.getLogger(CancellationRegistry.class);
    private static final int REMEMBERED = 10_000;

    private final Map<String, String> reasons = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    });

    @Incoming(CHANNEL)
    public CompletionStage<Void> onControlCommand(Message<byte[]> message) {
        try {
            CancelJob cancel = ContractCodec.get().decode(CloudEvents.type(message).orElse(null), message.getPayload(), CancelJob.class);
            String reason = cancel.reason() == null || cancel.reason().isBlank() ? "cancel requested" : cancel.reason();
            reasons.put(cancel.jobId(), reason);
            LOG.infof("Cancel requested for job %s: %s", cancel.jobId(), reason);
        } catch (RuntimeException e) {
            // A control record we cannot read must not stop cancellation of the others.
            LOG.warnf("Ignoring an unreadable control command: %s", e.getMessage());
        }
        return message.ack();
    }

    /** The reason given when the job was asked to stop, if it was. */
    public Optional<String> cancelReason(String jobId) {
        return Optional.ofNullable(reasons.get(jobId));
    }
}
