package io.weft.tracker.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.weft.contracts.CloudEventEnvelope;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.ContractViolationException;
import io.weft.contracts.DeadLetterHeaders;
import io.weft.contracts.Topics;
import io.weft.contracts.WeftMessage;
import io.weft.contracts.command.ControlCommand;
import io.weft.contracts.command.Requester;
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
 * Turns one Kafka record from any of the tracker's topics into a {@link JobInput}, or says why it cannot. Records
 * are CloudEvents in either content mode (binary or structured), read by service-support's {@link CloudEvents}.
 * A dead-lettered command is kept even when its data does not decode (that is often why it was dead-lettered):
 * its job is found from the CloudEvent subject, so the job still ends FAILED with the reason.
 */
@ApplicationScoped
public class InputDecoder {

    static final String UNKNOWN_TYPE = "unknown";
    private static final int RAW_PREVIEW_CHARS = 2_000;

    private final ContractCodec codec = ContractCodec.get();

    /**
     * The outcome of decoding one record.
     *
     * @param input     what it means for a job; null when it was rejected
     * @param rejection why it was rejected; null when it decoded
     * @param jobId     for a rejected record, the job it seems to be about, when anything in it tells
     */
    public record Decoded(JobInput input, String rejection, String jobId) {
        static Decoded of(JobInput input) {
            return new Decoded(input, null, null);
        }

        static Decoded rejected(String reason, String jobId) {
            return new Decoded(null, reason, jobId);
        }
    }

    /** Decodes one record; never throws, whatever the record holds. */
    public Decoded decode(KafkaRecord<?, byte[]> record) {
        try {
            return decodeOrThrow(record);
        } catch (ContractViolationException e) {
            return Decoded.rejected(e.getMessage(), CloudEvents.jobIdOf(record).orElse(null));
        } catch (Throwable e) {
            // Any bytes may arrive; even an Error from pathological input rejects this record only.
            return Decoded.rejected(e.getClass().getSimpleName() + ": " + e.getMessage(),
                    CloudEvents.jobIdOf(record).orElse(null));
        }
    }

    private Decoded decodeOrThrow(KafkaRecord<?, byte[]> record) {
        String topic = record.getTopic();
        if (Topics.PROVISION_DEAD_LETTERS.equals(topic) || Topics.DEPLOY_DEAD_LETTERS.equals(topic)) {
            return deadLetter(record);
        }
        if (!Topics.JOB_EVENTS.equals(topic) && !Topics.CONTROL_COMMANDS.equals(topic)
                && !Topics.PROVISION_COMMANDS.equals(topic) && !Topics.isDeployCommands(topic)) {
            return Decoded.rejected("topic " + topic + " is not one the tracker reads", null);
        }
        CloudEventEnvelope envelope = CloudEvents.read(record);
        String ceType = envelope.type();
        String ceId = envelope.id();
        if (Topics.JOB_EVENTS.equals(topic)) {
            JobEvent event = codec.decode(envelope, JobEvent.class);
            return Decoded.of(new JobInput(event.jobId(), InputCategory.EVENT, ceId, ceType, topic, event.attempt(),
                    event.sequence(), event.occurredAt(), null, tree(envelope.data()), event));
        }
        if (Topics.CONTROL_COMMANDS.equals(topic)) {
            ControlCommand command = codec.decode(envelope, ControlCommand.class);
            return Decoded.of(new JobInput(command.jobId(), InputCategory.CANCEL, ceId, ceType, topic, null, null,
                    command.requestedAt(), null, tree(envelope.data()), command));
        }
        WorkspaceCommand command = codec.decode(envelope, WorkspaceCommand.class);
        return Decoded.of(new JobInput(command.jobId(), InputCategory.COMMAND, ceId, ceType, topic, null, null,
                command.requestedAt(), null, requestedByTopic(tree(envelope.data()), topic), command));
    }

    private Decoded deadLetter(KafkaRecord<?, byte[]> record) {
        String reason = Optional.ofNullable(header(record, DeadLetterHeaders.REASON))
                .orElse("rejected to " + record.getTopic() + " without a reason");
        WeftMessage command = null;
        JsonNode data;
        String ceType = null;
        String ceId = null;
        try {
            CloudEventEnvelope envelope = CloudEvents.read(record);
            ceType = envelope.type();
            ceId = envelope.id();
            command = codec.decode(envelope, WorkspaceCommand.class);
            // the dead-letter topic is written by the workers alone: its record's original topic can be trusted
            data = requestedByTopic(tree(envelope.data()), header(record, DeadLetterHeaders.TOPIC));
        } catch (RuntimeException | StackOverflowError undecodable) {
            // That is often why it was dead-lettered: the job is found from whatever the record still tells.
            data = lenientTree(record.getPayload());
        }
        String jobId = command != null ? command.jobId() : CloudEvents.jobIdOf(record).orElse(null);
        if (jobId == null || jobId.isBlank()) {
            return Decoded.rejected("dead letter without a job id (no ce_subject, no subject, no jobId in data): "
                    + reason, null);
        }
        if (ceType == null) {
            String header = header(record, "ce_type");
            ceType = header == null || header.length() > 200 ? UNKNOWN_TYPE : header;
        }
        Instant at = record.getTimestamp() != null ? record.getTimestamp() : Instant.now();
        return Decoded.of(new JobInput(jobId, InputCategory.DEAD_LETTER, ceId, ceType, record.getTopic(), null, null,
                at, reason, data, command));
    }

    /**
     * A command from an upstream publisher's own topic was asked for by that topic's Kafka principal, the only one
     * the broker lets write there: that, not what the command claims, is its requester.
     */
    private JsonNode requestedByTopic(JsonNode data, String topic) {
        Optional<String> principal = Topics.upstreamPrincipalOf(topic);
        if (principal.isEmpty() || !(data instanceof ObjectNode object)) {
            return data;
        }
        object.set("requestedBy", codec.mapper().valueToTree(Requester.kafkaPrincipal(principal.get())));
        return object;
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
