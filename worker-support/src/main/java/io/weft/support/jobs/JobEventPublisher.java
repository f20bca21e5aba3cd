package io.weft.support.jobs;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.weft.contracts.event.JobEvent;
import io.weft.support.messaging.CloudEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes job events to {@code weft.job-events}, waiting for Kafka's acknowledgement of each. */
@ApplicationScoped
public class JobEventPublisher {

    /** The outgoing channel of job events; its topic is {@code weft.job-events}. */
    public static final String CHANNEL = "job-events";

    private final MutinyEmitter<byte[]> emitter;
    private final WorkerConfig config;
    private final String source;
    private final JobMetrics metrics;

    @Inject
    public JobEventPublisher(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, WorkerConfig config,
            @ConfigProperty(name = "quarkus.application.name") String applicationName, JobMetrics metrics) {
        this.emitter = emitter;
        this.config = config;
        this.metrics = metrics;
        this.source = "/weft/" + applicationName;
    }

    public void publish(JobEvent event) {
        emitter.sendMessage(CloudEvents.message(event, source)).await().atMost(config.eventSendTimeout());
        // Counted once Kafka has it: a metric then says what the tracker will see.
        metrics.observe(event);
    }
}
