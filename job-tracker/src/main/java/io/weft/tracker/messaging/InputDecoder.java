package io.weft.tracker.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.ContractViolationException;
import io.weft.contracts.DeadLetterHeaders;
import io.weft.contracts.Topics;
import io.weft.contracts.WeftMessage;
import io.weft.contracts.command.ControlCommand;
import io.weft.contracts.command.WorkspaceCommand;
import io.weft.contracts.event.JobEvent;
import io.weft.support.messaging.CloudEvents;
import io.weft.tracker.model.InputCategory;
import io.weft.tracker.model.JobInput;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns one Kafka record from any of the tracker's topics into a {@link JobInput}, or says why it cannot.
 * A dead-lettered command is kept even when its data does not decode (that is often why it was dead-lettered):
 * its job is found from the CloudEvent subject, so the job still ends FAILED with the reason.
 */
@ApplicationScoped
public class InputDecoder {

    static final String UNKNOWN_TYPE = "unknown";
    private static final int RAW_PREVIEW_CHARS = 2_000;

    private final ContractCodec codec = ContractCodec.get();

    /** The outcome of decoding one record. */
    public record Decoded(JobInput input, String rejection) {
        static Decoded of(JobInput input) {
            return new Decoded(input, null);
        }

        static Decoded rejected(String reason) {
            return new Decoded(null, reason);
        }
    }

    public Decoded decode(KafkaRecord<?, byte[]> record) {
        String topic = record.getTopic();
        String ceType = CloudEvents.type(record).orElseGet(() -> header(record, "ce_type"));
        String ceId = record.getMetadata(IncomingCloudEventMetadata.class).map(m -> m.getId())
                .orElseGet(() -> header(record, "ce_id"));
        try {
            if (Topics.JOB_EVENTS.equals(topic)) {
                JobEvent event = codec.decode(ceType, record.getPayload(), JobEvent.class);
                return Decoded.of(new JobInput(event.jobId(), InputCategory.EVENT, ceId, ceType, topic, event.attempt(),
                        event.sequence(), event.occurredAt(), null, tree(record.getPayload()), event));
            }
            if (Topics.CONTROL_COMMANDS.equals(topic)) {
                ControlCommand command = codec.decode(ceType, record.getPayload(), ControlCommand.class);
                return Decoded.of(new JobInput(command.jobId(), InputCategory.CANCEL, ceId, ceType, topic, null, null,
                        command.requestedAt(), null, tree(record.getPayload()), command));
            }
            if (Topics.PROVISION_DEAD_LETTERS.equals(topic) || Topics.DEPLOY_DEAD_LETTERS.equals(topic)) {
                return deadLetter(record, ceType, ceId);
            }
            if (Topics.PROVISION_COMMANDS.equals(topic) || Topics.DEPLOY_COMMANDS.equals(topic)) {
                WorkspaceCommand command = codec.decode(ceType, record.getPayload(), WorkspaceCommand.class);
                return Decoded.of(new JobInput(command.jobId(), InputCategory.COMMAND, ceId, ceType, topic, null, null,
                        command.requestedAt(), null, tree(record.getPayload()), command));
            }
            return Decoded.rejected("topic " + topic + " is not one the tracker reads");
        } catch (ContractViolationException e) {
            return Decoded.rejected(e.getMessage());
        } catch (RuntimeException e) {
            return Decoded.rejected(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Decoded deadLetter(KafkaRecord<?, byte[]> record, String ceType, String ceId) {
        String reason = Optional.ofNullable(header(record, DeadLetterHeaders.REASON))
                .orElse("rejected to " + record.getTopic() + " without a reason");
        WeftMessage command = null;
        JsonNode data;
        try {
            command = codec.decode(ceType, record.getPayload(), WorkspaceCommand.class);
            data = tree(record.getPayload());
        } catch (RuntimeException undecodable) {
            data = lenientTree(record.getPayload());
        }
        JsonNode json = data;
        String jobId = command != null ? command.jobId()
                : CloudEvents.subject(record).or(() -> Optional.ofNullable(header(record, "ce_subject")))
                        .or(() -> Optional.ofNullable(json.path("jobId").textValue()))
                        .orElse(null);
        if (jobId == null || jobId.isBlank()) {
            return Decoded.rejected("dead letter without a job id (no ce_subject, no jobId in data): " + reason);
        }
        Instant at = record.getTimestamp() != null ? record.getTimestamp() : Instant.now();
        return Decoded.of(new JobInput(jobId, InputCategory.DEAD_LETTER, ceId, ceType == null ? UNKNOWN_TYPE : ceType,
                record.getTopic(), null, null, at, reason, data, command));
    }

    private JsonNode tree(byte[] payload) {
        try {
            return codec.mapper().readTree(payload);
        } catch (IOException e) {
            throw new IllegalStateException("data decoded but does not parse again", e);
        }
    }

    /** The data as JSON when it is, else the start of it as text, so a reader can see what was rejected. */
    private JsonNode lenientTree(byte[] payload) {
        if (payload != null) {
            try {
                JsonNode node = codec.mapper().readTree(payload);
                if (node != null && node.isObject()) {
                    return node;
                }
            } catch (IOException | RuntimeException notJson) {
                // fall through: kept as text
            }
        }
        ObjectNode raw = JsonNodeFactory.instance.objectNode();
        String text = payload == null ? "" : new String(payload, StandardCharsets.UTF_8);
        raw.put("undecodable", text.length() > RAW_PREVIEW_CHARS ? text.substring(0, RAW_PREVIEW_CHARS) : text);
        return raw;
    }

    private static String header(KafkaRecord<?, ?> record, String name) {
        Header header = record.getHeaders().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
