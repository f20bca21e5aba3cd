package io.weft.support.messaging;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.WeftMessage;
import io.weft.contracts.command.Command;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.net.URI;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * Weft messages as binary-mode CloudEvents on Kafka: {@code ce_*} headers for the attributes, the record's
 * JSON data as the value ({@code byte[]}), the partition key chosen by the contract (workspace for
 * commands, job id for events and control commands).
 */
public final class CloudEvents {

    private CloudEvents() {
    }

    /**
     * A message ready for an {@code Emitter<byte[]>} on a channel with {@code value.serializer=ByteArraySerializer}.
     *
     * @param source the CloudEvent {@code source}: the producing service, e.g. {@code /weft/upload-gateway}
     */
    public static Message<byte[]> message(WeftMessage payload, String source) {
        MessageType type = MessageType.of(payload);
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(UUID.randomUUID().toString())
                .withType(type.ceType())
                .withSource(URI.create(source))
                .withSubject(payload.jobId())
                .withTimestamp(ZonedDateTime.now(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        OutgoingKafkaRecordMetadata<String> record = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key(payload))
                .withTopic(type.topic())
                .build();
        return Message.of(ContractCodec.get().encode(payload), Metadata.of(cloudEvent, record));
    }

    /** The Kafka key the contract prescribes for a message. */
    public static String key(WeftMessage payload) {
        return payload instanceof Command command ? command.partitionKey() : payload.jobId();
    }

    /** The CloudEvent type of an incoming message, when it came with CloudEvent headers. */
    public static Optional<String> type(Message<?> message) {
        return message.getMetadata(IncomingCloudEventMetadata.class).map(metadata -> metadata.getType());
    }

    /** The CloudEvent subject (the job id) of an incoming message, when present. */
    public static Optional<String> subject(Message<?> message) {
        return message.getMetadata(IncomingCloudEventMetadata.class)
                .flatMap(metadata -> ((IncomingCloudEventMetadata<?>) metadata).getSubject());
    }
}
