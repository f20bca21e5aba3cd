package io.weft.testsupport.kafka;

import io.weft.contracts.CloudEventEnvelope;
import io.weft.contracts.CloudEventReader;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.RecordHeader;
import io.weft.contracts.WeftMessage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Reads Weft topics from the beginning, as an outside observer would: records with their key, headers and
 * the CloudEvent data decoded by the contracts. For tests.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Received> received = new ArrayList<>();

    private TopicReader(String bootstrapServers, List<String> topics) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "topic-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
    }

    public static TopicReader open(String bootstrapServers, String... topics) {
        return new TopicReader(bootstrapServers, List.of(topics));
    }

    /** Polls until the records received so far satisfy the condition, and returns them all. */
    public List<Received> awaitUntil(Duration timeout, Predicate<List<Received>> condition) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            poll();
            return condition.test(received);
        });
        return List.copyOf(received);
    }

    /** Every record received so far, after one more short poll. */
    public List<Received> poll() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            received.add(Received.of(record));
        }
        return List.copyOf(received);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }

    /** One record as read from the topic. */
    public record Received(String topic, String key, Map<String, String> headers, byte[] value,
            List<RecordHeader> rawHeaders, int partition, long offset) {

        static Received of(ConsumerRecord<String, byte[]> record) {
            Map<String, String> headers = new LinkedHashMap<>();
            List<RecordHeader> raw = new ArrayList<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
                raw.add(new RecordHeader(header.key(), header.value()));
            }
            return new Received(record.topic(), record.key(), headers, record.value(), List.copyOf(raw),
                    record.partition(), record.offset());
        }

        /** The CloudEvent type ({@code ce_type} header). */
        public String ceType() {
            return headers.get("ce_type");
        }

        /** The data decoded and validated by the contracts, from either CloudEvents content mode. */
        public WeftMessage message() {
            return ContractCodec.get().decode(envelope(), WeftMessage.class);
        }

        /** The CloudEvent, read as Weft's consumers read it. */
        public CloudEventEnvelope envelope() {
            return CloudEventReader.read(rawHeaders, value);
        }

        public String valueAsString() {
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }
    }
}
