package io.weft.tracker.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.weft.tracker.model.JobInput;
import io.weft.tracker.service.FoldService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Reads commands, job events, dead letters and cancel requests in batches and folds each batch in one
 * transaction; the batch is acknowledged (its offsets become committable) only after the commit, so a crash
 * loses nothing and the replay changes nothing. A record that does not decode is logged with its reason and
 * skipped: it must not stop the tracker.
 */
@ApplicationScoped
public class TrackerConsumer {

    /** The incoming channel subscribed to all the tracker's topics. */
    public static final String CHANNEL = "tracker-in";

    private static final Logger LOG = Logger.getLogger(TrackerConsumer.class);

    private final InputDecoder decoder;
    private final FoldService fold;
    private final Counter rejected;

    @Inject
    public TrackerConsumer(InputDecoder decoder, FoldService fold, MeterRegistry registry) {
        this.decoder = decoder;
        this.fold = fold;
        this.rejected = Counter.builder("weft.tracker.records.rejected")
                .description("Records the tracker could not decode and skipped").register(registry);
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<JobInput> inputs = new ArrayList<>(batch.getRecords().size());
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            InputDecoder.Decoded decoded = decoder.decode(record);
            if (decoded.input() != null) {
                inputs.add(decoded.input());
            } else {
                rejected.increment();
                LOG.warnf("Skipping record %s-%d@%d (key %s): %s", record.getTopic(), record.getPartition(),
                        offset(record), record.getKey(), decoded.rejection());
            }
        }
        fold.apply(inputs);
        return batch.ack();
    }

    private static long offset(KafkaRecord<?, ?> record) {
        return record.getMetadata(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata.class)
                .map(m -> m.getOffset()).orElse(-1L);
    }
}
