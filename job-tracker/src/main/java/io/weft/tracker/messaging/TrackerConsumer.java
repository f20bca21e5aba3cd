package io.weft.tracker.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.weft.tracker.model.InputCategory;
import io.weft.tracker.model.JobInput;
import io.weft.tracker.model.RejectedInput;
import io.weft.tracker.service.FoldService;
import io.weft.tracker.service.StoredText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Reads commands, job events, dead letters and cancel requests in batches and folds each batch in one
 * transaction; the batch is acknowledged (its offsets become committable) only after the commit, so a crash
 * loses nothing and the replay changes nothing. A record that does not decode, whatever it holds, must not stop
 * the tracker: it is counted, and stored with its reason as a rejected input (listed by the API) in the same
 * transaction as the batch's fold.
 */
@ApplicationScoped
public class TrackerConsumer {

    /** The incoming channel subscribed to all the tracker's topics. */
    public static final String CHANNEL = "tracker-in";

    private static final Logger LOG = Logger.getLogger(TrackerConsumer.class);
    /** How much of a rejected record's value is kept for someone to look at. */
    private static final int PREVIEW_BYTES = 512;

    private final InputDecoder decoder;
    private final FoldService fold;
    private final Counter rejected;
    private final Timer foldTime;
    /** One counter per category, made once: the fold is the tracker's hot path. */
    private final Map<InputCategory, Counter> folded = new EnumMap<>(InputCategory.class);

    @Inject
    public TrackerConsumer(InputDecoder decoder, FoldService fold, MeterRegistry registry) {
        this.decoder = decoder;
        this.fold = fold;
        this.rejected = Counter.builder("weft.tracker.records.rejected")
                .description("Records the tracker could not decode; each is stored as a rejected input").register(registry);
        for (InputCategory category : InputCategory.values()) {
            folded.put(category, Counter.builder("weft.tracker.inputs.folded")
                    .description("Inputs folded into job status, by category (command, event, dead letter, cancel)")
                    .tag("category", category.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        this.foldTime = Timer.builder("weft.tracker.fold.batch")
                .description("Time to fold one batch of records into job status, its transaction included").register(registry);
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<JobInput> inputs = new ArrayList<>(batch.getRecords().size());
        List<RejectedInput> refused = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            InputDecoder.Decoded decoded = decoder.decode(record);
            if (decoded.input() != null) {
                inputs.add(decoded.input());
            } else {
                rejected.increment();
                long offset = offset(record);
                LOG.warnf("Rejected record %s-%d@%d (key %s): %s", record.getTopic(), record.getPartition(), offset,
                        StoredText.clean(record.getKey(), 200), StoredText.clean(decoded.rejection(), 500));
                refused.add(rejection(record, offset, decoded));
            }
        }
        foldTime.record(() -> fold.apply(inputs, refused));
        // Counted once committed: rate(weft_tracker_inputs_folded_total[1m]) is the fold rate.
        inputs.forEach(input -> folded.get(input.category()).increment());
        return batch.ack();
    }

    private static RejectedInput rejection(KafkaRecord<String, byte[]> record, long offset, InputDecoder.Decoded decoded) {
        byte[] value = record.getPayload();
        String preview = null;
        if (value != null) {
            int length = Math.min(value.length, PREVIEW_BYTES);
            preview = new String(value, 0, length, StandardCharsets.UTF_8) + (value.length > length ? "…" : "");
        }
        return new RejectedInput(null, record.getTopic(), record.getPartition(), offset, record.getKey(), decoded.jobId(),
                decoded.rejection(), preview, value == null ? null : value.length, record.getTimestamp(), null);
    }

    private static long offset(KafkaRecord<?, ?> record) {
        return record.getMetadata(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata.class)
                .map(m -> m.getOffset()).orElse(-1L);
    }
}
