package io.weft.gateway.support;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Reads a topic from the start to its current end with a plain consumer. Since the gateway answers only
 * after Kafka's acknowledgement, everything a request published is in the log before its answer arrives.
 */
public final class CommandRecords {

    private CommandRecords() {
    }

    /** Every record of the topic whose {@code ce_subject} is the job id. */
    public static List<ConsumerRecord<String, byte[]>> forJob(String topic, String jobId) {
        return forJob(bootstrapServers(), topic, jobId);
    }

    /** As {@link #forJob(String, String)}, on the broker at the given address (tests outside Quarkus). */
    public static List<ConsumerRecord<String, byte[]>> forJob(String bootstrap, String topic, String jobId) {
        return all(bootstrap, topic).stream().filter(record -> jobId.equals(header(record, "ce_subject"))).toList();
    }

    public static List<ConsumerRecord<String, byte[]>> all(String topic) {
        return all(bootstrapServers(), topic);
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static List<ConsumerRecord<String, byte[]>> all(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                partitions.clear();
                partitions.addAll(consumer.partitionsFor(topic));
                return !partitions.isEmpty();
            });
            List<TopicPartition> assigned = partitions.stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return assigned.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
            return records;
        }
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
