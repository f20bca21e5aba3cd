package io.weft.tracker.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.DeadLetterHeaders;
import io.weft.contracts.MessageType;
import io.weft.contracts.WeftMessage;
import io.weft.support.messaging.CloudEvents;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Publishes to the real broker the way Weft's producers do: binary-mode CloudEvents with the headers SmallRye
 * writes ({@code ce_specversion}, {@code ce_id}, {@code ce_type}, {@code ce_source}, {@code ce_subject},
 * {@code ce_time}, {@code content-type}) and the contract's key.
 */
public final class TrackerKafka implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public TrackerKafka() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
    }

    public static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Publishes a message to its topic; returns its CloudEvent id. */
    public String publish(WeftMessage message) {
        String ceId = UUID.randomUUID().toString();
        send(record(MessageType.of(message).topic(), message, ceId));
        return ceId;
    }

    /** Publishes a message to a topic of the test's choosing, with extra headers (a dead letter's, say). */
    public void publishTo(String topic, WeftMessage message, Map<String, String> extraHeaders) {
        ProducerRecord<String, byte[]> record = record(topic, message, UUID.randomUUID().toString());
        extraHeaders.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        send(record);
    }

    /** Publishes the same message again with the same CloudEvent id: a redelivery. */
    public void republish(WeftMessage message, String ceId) {
        send(record(MessageType.of(message).topic(), message, ceId));
    }

    /** Publishes a command to its dead-letter topic as SmallRye's failure strategy would. */
    public void deadLetter(WeftMessage command, String reason) {
        ProducerRecord<String, byte[]> record = record(MessageType.of(command).topic() + ".dlq", command,
                UUID.randomUUID().toString());
        record.headers().add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
        send(record);
    }

    /**
     * Publishes a message to its topic as a <em>structured-mode</em> CloudEvent: one JSON value holding the attributes
     * and the data, {@code content-type: application/cloudevents+json}, no {@code ce_*} headers.
     */
    public void publishStructured(WeftMessage message) {
        send(structured(MessageType.of(message).topic(), message));
    }

    /** Dead-letters a structured-mode command as a worker's failure strategy would: same value, a reason header. */
    public void deadLetterStructured(WeftMessage command, String reason) {
        ProducerRecord<String, byte[]> record = structured(MessageType.of(command).topic() + ".dlq", command);
        record.headers().add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
        send(record);
    }

    private static ProducerRecord<String, byte[]> structured(String topic, WeftMessage message) {
        ObjectNode event = ContractCodec.get().mapper().createObjectNode()
                .put("specversion", "1.0")
                .put("id", UUID.randomUUID().toString())
                .put("type", MessageType.of(message).ceType())
                .put("source", "/weft/tests")
                .put("subject", message.jobId())
                .put("time", Instant.now().toString());
        event.put("data_base64", java.util.Base64.getEncoder().encodeToString(ContractCodec.get().encode(message)));
        ProducerRecord<String, byte[]> record;
        try {
            record = new ProducerRecord<>(topic, CloudEvents.key(message), ContractCodec.get().mapper().writeValueAsBytes(event));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        record.headers().add("content-type", "application/cloudevents+json; charset=utf-8".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** Publishes arbitrary bytes with arbitrary CloudEvent headers. */
    public void publishRaw(String topic, String key, Map<String, String> headers, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, headerValue) -> record.headers().add(name, headerValue.getBytes(StandardCharsets.UTF_8)));
        send(record);
    }

    private static ProducerRecord<String, byte[]> record(String topic, WeftMessage message, String ceId) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, CloudEvents.key(message),
                ContractCodec.get().encode(message));
        Map<String, String> headers = Map.of(
                "ce_specversion", "1.0",
                "ce_id", ceId,
                "ce_type", MessageType.of(message).ceType(),
                "ce_source", "/weft/tests",
                "ce_subject", message.jobId(),
                "ce_time", Instant.now().toString(),
                "content-type", "application/json");
        headers.forEach((name, value) -> record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return record;
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to " + record.topic() + " failed", e.getCause());
        }
    }

    /** A consumer of one topic from its beginning, for asserting what the tracker published. */
    public static KafkaConsumer<String, byte[]> consumer(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    @Override
    public void close() {
        producer.close();
    }
}
