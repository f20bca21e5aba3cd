package io.weft.support.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weft.contracts.command.CancelJob;
import io.weft.support.messaging.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    /** Counter of control records that could not be read (any bytes, any headers). */
    public static final String REJECTED_METRIC = "weft.worker.control.rejected";

    private static final Logger LOG = Logger.getLogger(CancellationRegistry.class);
    private static final int REMEMBERED = 10_000;

    private final Map<String, String> reasons = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    });

    private final Counter rejected;

    @Inject
    public CancellationRegistry(MeterRegistry registry) {
        this.rejected = Counter.builder(REJECTED_METRIC)
                .description("Control records this worker could not read as a cancel request and skipped")
                .register(registry);
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onControlCommand(Message<byte[]> message) {
        CancelJob cancel;
        try {
            cancel = CloudEvents.decode(message, CancelJob.class);
        } catch (Throwable e) {
            // A control record we cannot read must not stop cancellation of the others, whatever it holds. It is
            // not dead-lettered: every instance reads the whole topic, so each would dead-letter its own copy; the
            // tracker, which reads the topic once, stores it as a rejected input.
            rejected.increment();
            String reason = String.valueOf(e.getMessage());
            LOG.warnf("Ignoring an unreadable control record: %s",
                    reason.length() > 500 ? reason.substring(0, 500) + "…" : reason);
            return message.ack();
        }
        String reason = cancel.reason() == null || cancel.reason().isBlank() ? "cancel requested" : cancel.reason();
        reasons.put(cancel.jobId(), reason);
        LOG.infof("Cancel requested for job %s: %s", cancel.jobId(), reason);
        return message.ack();
    }

    /** The reason given when the job was asked to stop, if it was. */
    public Optional<String> cancelReason(String jobId) {
        return Optional.ofNullable(reasons.get(jobId));
    }
}
