package io.weft.support.messaging;

import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.weft.contracts.CloudEventEnvelope;
import io.weft.contracts.CloudEventReader;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.ContractViolationException;
import io.weft.contracts.MessageType;
import io.weft.contracts.RecordHeader;
import io.weft.contracts.WeftMessage;
import io.weft.contracts.command.Command;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.net.URI;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Weft messages as CloudEvents on Kafka. Out: binary mode, {@code ce_*} headers for the attributes, the record's
 * JSON data as the value ({@code byte[]}), the partition key chosen by the contract (workspace for
 * commands, job id for events and control commands). In: either content mode, read from the record's own headers
 * and bytes by the contracts' {@link CloudEventReader}, the one way every consumer reads an envelope.
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

    /**
     * The CloudEvent in an incoming Kafka message, binary or structured mode ({@link CloudEventReader}). The
     * channel must leave the record as it came: {@code cloud-events=false} and a {@code ByteArrayDeserializer}.
     *
     * @throws ContractViolationException naming why the record is not a CloudEvent Weft can read
     */
    public static CloudEventEnvelope read(Message<?> message) {
        Object payload = message.getPayload();
        if (payload != null && !(payload instanceof byte[])) {
            throw new ContractViolationException(null, List.of("the record value arrived as a "
                    + payload.getClass().getSimpleName() + ", not bytes: the channel must set cloud-events=false and"
                    + " value.deserializer=ByteArrayDeserializer"));
        }
        return CloudEventReader.read(headers(message), (byte[]) payload);
    }

    /**
     * The CloudEvent type of an incoming message, for a consumer to pick its handler; empty when the record is not a
     * CloudEvent Weft can read (the handler's decoding then rejects it with the reason).
     */
    public static Optional<String> typeOf(Message<?> message) {
        try {
            return Optional.ofNullable(read(message).type());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Reads and decodes an incoming message as the expected kind of Weft message, in either content mode. */
    public static <T extends WeftMessage> T decode(Message<?> message, Class<T> expected) {
        return ContractCodec.get().decode(read(message), expected);
    }

    /** The job an incoming message is about, as far as anything in it tells; for reporting one that cannot be read. */
    public static Optional<String> jobIdOf(Message<?> message) {
        Object payload = message.getPayload();
        return CloudEventReader.jobIdOf(headers(message), payload instanceof byte[] bytes ? bytes : null);
    }

    /** The Kafka headers of an incoming message, as the contracts' reader takes them; empty when it has none. */
    public static List<RecordHeader> headers(Message<?> message) {
        Headers headers = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> metadata.getHeaders()).orElse(null);
        if (headers == null) {
            return List.of();
        }
        List<RecordHeader> all = new ArrayList<>();
        for (Header header : headers) {
            all.add(new RecordHeader(header.key(), header.value()));
        }
        return all;
    }
}
