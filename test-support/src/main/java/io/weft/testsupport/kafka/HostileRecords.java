package io.weft.testsupport.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.DeadLetterHeaders;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.event.JobFailed;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A corpus of records no Weft consumer may be stopped by, written from the CloudEvents Kafka protocol binding
 * (1.0.2) and from the ways producers get it wrong, not from what a decoder happens to check: no envelope at
 * all, tombstones, each required attribute missing, spec versions 0.3 and 2.0, the batch format, other event
 * formats and data content types, malformed JSON and Base64, absurd nesting and header sizes, header bytes that
 * are not UTF-8, repeated attributes, types that are unknown, of a later version or meant for another topic,
 * and data that breaks the schema. Each record is built from the contract example of the consumer's own type,
 * so that exactly one thing is wrong with it. Every one must end in the dead-letter topic with a reason (or, for
 * the tracker, as a stored rejected input), and the consumer must keep going.
 */
public final class HostileRecords {

    /** Nesting depth of the "absurdly nested JSON" records: far beyond any parser's recursion limit. */
    public static final int DEEP_NESTING = 100_000;
    /** Size of the oversized header. */
    public static final int HUGE_HEADER_BYTES = 512 * 1024;

    private static final ObjectMapper MAPPER = ContractCodec.get().mapper();
    private static final String SOURCE = "/hostile/producer";

    /**
     * One hostile record.
     *
     * @param kind    what is wrong with it, e.g. {@code structured-spec-0.3}
     * @param jobId   the job id a consumer can find in it (header, subject or data), whose job must then end
     *                FAILED; null when the record carries none that can be read
     * @param headers its headers
     * @param value   its value, null for a tombstone
     */
    public record Hostile(String kind, String jobId, List<Header> headers, byte[] value) {

        public ProducerRecord<String, byte[]> toRecord(String topic, String key) {
            return new ProducerRecord<>(topic, null, key, value, headers);
        }
    }

    /** Where one hostile record landed. */
    public record Published(Hostile hostile, String topic, int partition, long offset) {
    }

    private HostileRecords() {
    }

    /**
     * The corpus for a consumer of {@code own}'s topic.
     *
     * @param own     the type the consumer reads (its contract example is the template)
     * @param foreign a valid type meant for another topic
     */
    public static List<Hostile> corpus(MessageType own, MessageType foreign) {
        List<Hostile> corpus = new ArrayList<>();
        String type = own.ceType();
        Random random = new Random(13);

        // No envelope at all.
        byte[] garbage = new byte[256];
        random.nextBytes(garbage);
        corpus.add(new Hostile("garbage-without-headers", null, List.of(), garbage));
        corpus.add(new Hostile("empty-value-without-headers", null, List.of(), new byte[0]));
        corpus.add(new Hostile("tombstone-without-headers", null, List.of(), null));
        String bareJobId = id();
        corpus.add(new Hostile("json-without-headers", bareJobId, List.of(), bytes(example(own, bareJobId))));

        // Binary mode, one thing wrong at a time.
        corpus.add(binary("tombstone-with-ce-headers", type, null, b -> b));
        corpus.add(binary("binary-empty-value", type, new byte[0], b -> b));
        corpus.add(binary("binary-value-not-json", type, "{\"jobId\": oops".getBytes(StandardCharsets.UTF_8), b -> b));
        corpus.add(binary("binary-value-json-array", type, "[1,2,3]".getBytes(StandardCharsets.UTF_8), b -> b));
        corpus.add(binary("binary-spec-0.3", type, null, b -> b.set("ce_specversion", "0.3")));
        corpus.add(binary("binary-spec-2.0", type, null, b -> b.set("ce_specversion", "2.0")));
        corpus.add(binary("binary-missing-specversion", type, null, b -> b.remove("ce_specversion")));
        corpus.add(binary("binary-missing-id", type, null, b -> b.remove("ce_id")));
        corpus.add(binary("binary-missing-type", type, null, b -> b.remove("ce_type")));
        corpus.add(binary("binary-missing-source", type, null, b -> b.remove("ce_source")));
        corpus.add(binary("binary-duplicate-ce_type", type, null, b -> b.add("ce_type", type)));
        corpus.add(binary("binary-non-utf8-header", type, null,
                b -> b.setRaw("ce_source", new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE})));
        corpus.add(binary("binary-512KiB-header", type, null,
                b -> b.add("x-producer-trace", "x".repeat(HUGE_HEADER_BYTES))));
        corpus.add(binary("binary-text-plain", type, null, b -> b.set("content-type", "text/plain")));
        corpus.add(binary("binary-avro", type, garbage, b -> b.set("content-type", "application/avro")));
        corpus.add(binary("binary-latin1-charset", type, null, b -> b.set("content-type", "application/json; charset=iso-8859-1")));
        corpus.add(binary("binary-unknown-type", type, null, b -> b.set("ce_type", "io.weft.nothing.requested.v1")));
        corpus.add(binary("binary-later-version", type, null, b -> b.set("ce_type", type.replaceAll("\\.v1$", ".v2"))));
        corpus.add(foreignBinary(foreign));
        corpus.add(binary("binary-schema-violation", type, null, b -> b.schemaViolation()));
        corpus.add(binary("binary-deeply-nested-json", type, deeplyNested(), b -> b));

        // Structured mode, one thing wrong at a time.
        corpus.add(structured("structured-tombstone", type, e -> null));
        corpus.add(structured("structured-value-not-json", type, e -> "<event>not json</event>".getBytes(StandardCharsets.UTF_8)));
        corpus.add(structured("structured-value-json-array", type, e -> bytes(JsonNodeFactory.instance.arrayNode().add(e))));
        corpus.add(structured("structured-missing-specversion", type, e -> bytes(e.without("specversion"))));
        corpus.add(structured("structured-missing-id", type, e -> bytes(e.without("id"))));
        corpus.add(structured("structured-missing-type", type, e -> bytes(e.without("type"))));
        corpus.add(structured("structured-missing-source", type, e -> bytes(e.without("source"))));
        corpus.add(structured("structured-spec-0.3", type, e -> bytes(e.put("specversion", "0.3"))));
        corpus.add(structured("structured-spec-2.0", type, e -> bytes(e.put("specversion", "2.0"))));
        corpus.add(structured("structured-specversion-number", type, e -> bytes(e.put("specversion", 1.0))));
        corpus.add(structured("structured-no-data", type, e -> bytes(e.without("data"))));
        corpus.add(structured("structured-data-and-data_base64", type,
                e -> bytes(e.put("data_base64", Base64.getEncoder().encodeToString(bytes(e.get("data")))))));
        corpus.add(structured("structured-bad-base64", type, e -> {
            e.remove("data");
            return bytes(e.put("data_base64", "%%% not base64 %%%"));
        }));
        corpus.add(structured("structured-data-as-string", type, e -> bytes(e.put("data", e.get("data").toString()))));
        corpus.add(structured("structured-data-as-array", type, e -> {
            JsonNode data = e.get("data");
            e.putArray("data").add(data);
            return bytes(e);
        }));
        corpus.add(structured("structured-text-plain-data", type, e -> bytes(e.put("datacontenttype", "text/plain"))));
        corpus.add(structured("structured-unknown-type", type, e -> bytes(e.put("type", "io.weft.nothing.requested.v1"))));
        corpus.add(structured("structured-schema-violation", type, e -> {
            String jobId = e.get("subject").textValue();
            e.putObject("data").put("jobId", jobId);
            return bytes(e);
        }));
        corpus.add(new Hostile("structured-deeply-nested-json", null,
                List.of(header("content-type", "application/cloudevents+json")), deeplyNestedStructured(type)));
        corpus.add(structuredWithContentType("batch-format", type, "application/cloudevents-batch+json",
                e -> bytes(JsonNodeFactory.instance.arrayNode().add(e)), false));
        corpus.add(structuredWithContentType("structured-avro-format", type, "application/cloudevents+avro",
                e -> bytes(e), true));
        corpus.add(structuredWithContentType("structured-latin1-charset", type,
                "application/cloudevents+json; charset=iso-8859-1", e -> bytes(e), true));
        corpus.add(foreignStructured(foreign));
        return List.copyOf(corpus);
    }

    /**
     * Publishes the corpus to a topic with one key, so every record lands on the partition a valid command with
     * that key lands on; returns where each one went.
     */
    public static List<Published> publish(String bootstrapServers, String topic, String key, List<Hostile> corpus) {
        List<Published> published = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrapServers)) {
            for (Hostile hostile : corpus) {
                RecordMetadata metadata = producer.send(hostile.toRecord(topic, key)).get();
                published.add(new Published(hostile, topic, metadata.partition(), metadata.offset()));
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the hostile records", e);
        }
        return published;
    }

    /** Publishes one record as it is (e.g. a valid command in structured mode); returns its offset. */
    public static Published publish(String bootstrapServers, ProducerRecord<String, byte[]> record) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrapServers)) {
            RecordMetadata metadata = producer.send(record).get();
            return new Published(null, record.topic(), metadata.partition(), metadata.offset());
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + record.topic(), e);
        }
    }

    /**
     * Waits until every published record is on the dead-letter topic, and returns the reason each was given,
     * by kind. A record counts as there when a dead letter names its topic, partition and offset.
     */
    public static Map<String, String> awaitDeadLettered(String bootstrapServers, String deadLetterTopic,
            List<Published> published, Duration timeout) {
        try (TopicReader reader = TopicReader.open(bootstrapServers, deadLetterTopic)) {
            List<TopicReader.Received> dead = reader.awaitUntil(timeout,
                    all -> published.stream().allMatch(p -> deadLetterOf(all, p) != null));
            Map<String, String> reasons = new LinkedHashMap<>();
            for (Published p : published) {
                reasons.put(p.hostile().kind(), deadLetterOf(dead, p).headers().get(DeadLetterHeaders.REASON));
            }
            return reasons;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not dead-lettered within " + timeout + ": " + missing(bootstrapServers,
                    deadLetterTopic, published), e);
        }
    }

    /** Waits until every published record that carries a job id has a {@code JobFailed} for that job. */
    public static Map<String, JobFailed> awaitJobsFailed(String bootstrapServers, List<Published> published, Duration timeout) {
        List<String> jobIds = published.stream().map(p -> p.hostile().jobId()).filter(id -> id != null).toList();
        try (TopicReader reader = TopicReader.open(bootstrapServers, Topics.JOB_EVENTS)) {
            List<TopicReader.Received> events = reader.awaitUntil(timeout, all -> jobIds.stream()
                    .allMatch(id -> all.stream().anyMatch(r -> id.equals(r.key()) && r.message() instanceof JobFailed)));
            return events.stream().filter(r -> jobIds.contains(r.key()) && r.message() instanceof JobFailed)
                    .collect(Collectors.toMap(TopicReader.Received::key, r -> (JobFailed) r.message(), (a, b) -> a));
        }
    }

    private static String missing(String bootstrapServers, String deadLetterTopic, List<Published> published) {
        try (TopicReader reader = TopicReader.open(bootstrapServers, deadLetterTopic)) {
            List<TopicReader.Received> dead = reader.awaitUntil(Duration.ofSeconds(5), all -> true);
            return published.stream().filter(p -> deadLetterOf(dead, p) == null).map(p -> p.hostile().kind()).toList().toString();
        }
    }

    private static TopicReader.Received deadLetterOf(List<TopicReader.Received> dead, Published p) {
        return dead.stream().filter(r -> p.topic().equals(r.headers().get(DeadLetterHeaders.TOPIC))
                        && String.valueOf(p.partition()).equals(r.headers().get(DeadLetterHeaders.PARTITION))
                        && String.valueOf(p.offset()).equals(r.headers().get(DeadLetterHeaders.OFFSET)))
                .findFirst().orElse(null);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Valid binary-mode headers for a type, in a form each record can break one way. */
    private static final class BinaryHeaders {
        private final List<Header> headers = new ArrayList<>();
        private final String jobId;
        private byte[] data;

        BinaryHeaders(String type, String jobId, byte[] data) {
            this.jobId = jobId;
            this.data = data;
            add("ce_specversion", "1.0");
            add("ce_id", UUID.randomUUID().toString());
            add("ce_type", type);
            add("ce_source", SOURCE);
            add("ce_subject", jobId);
            add("ce_time", Instant.now().toString());
            add("content-type", "application/json");
        }

        BinaryHeaders add(String name, String value) {
            headers.add(header(name, value));
            return this;
        }

        BinaryHeaders set(String name, String value) {
            return setRaw(name, value.getBytes(StandardCharsets.UTF_8));
        }

        BinaryHeaders setRaw(String name, byte[] value) {
            remove(name);
            headers.add(new RecordHeader(name, value));
            return this;
        }

        BinaryHeaders remove(String name) {
            headers.removeIf(h -> h.key().equals(name));
            return this;
        }

        BinaryHeaders schemaViolation() {
            data = bytes(JsonNodeFactory.instance.objectNode().put("jobId", jobId).put("unexpected", true));
            return this;
        }
    }

    private static Hostile binary(String kind, String type, byte[] value, Function<BinaryHeaders, BinaryHeaders> breakIt) {
        String jobId = id();
        MessageType own = MessageType.ofCeType(type).orElseThrow();
        BinaryHeaders headers = breakIt.apply(new BinaryHeaders(type, jobId, value == null && !kind.startsWith("tombstone")
                ? bytes(example(own, jobId)) : value));
        return new Hostile(kind, jobId, List.copyOf(headers.headers), headers.data);
    }

    private static Hostile foreignBinary(MessageType foreign) {
        String jobId = id();
        BinaryHeaders headers = new BinaryHeaders(foreign.ceType(), jobId, bytes(example(foreign, jobId)));
        return new Hostile("binary-type-for-another-topic", jobId, List.copyOf(headers.headers), headers.data);
    }

    /** A structured event of the given type with a valid envelope and data, for each record to break one way. */
    private static final class Event {
        static ObjectNode of(String type, String jobId) {
            MessageType own = MessageType.ofCeType(type).orElseThrow();
            ObjectNode event = JsonNodeFactory.instance.objectNode()
                    .put("specversion", "1.0")
                    .put("id", UUID.randomUUID().toString())
                    .put("type", type)
                    .put("source", SOURCE)
                    .put("subject", jobId)
                    .put("time", Instant.now().toString())
                    .put("datacontenttype", "application/json");
            event.set("data", example(own, jobId));
            return event;
        }
    }

    private static Hostile structured(String kind, String type, Function<ObjectNode, byte[]> breakIt) {
        return structuredWithContentType(kind, type, "application/cloudevents+json", breakIt, true);
    }

    private static Hostile structuredWithContentType(String kind, String type, String contentType,
            Function<ObjectNode, byte[]> breakIt, boolean jobIdReadable) {
        String jobId = id();
        byte[] value = breakIt.apply(Event.of(type, jobId));
        boolean readable = jobIdReadable && value != null && value.length > 0 && value[0] == '{';
        return new Hostile(kind, readable ? jobId : null, List.of(header("content-type", contentType)), value);
    }

    private static Hostile foreignStructured(MessageType foreign) {
        String jobId = id();
        return new Hostile("structured-type-for-another-topic", jobId,
                List.of(header("content-type", "application/cloudevents+json; charset=utf-8")),
                bytes(Event.of(foreign.ceType(), jobId)));
    }

    private static byte[] deeplyNested() {
        return ("[".repeat(DEEP_NESTING) + "]".repeat(DEEP_NESTING)).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] deeplyNestedStructured(String type) {
        String head = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type
                + "\",\"source\":\"" + SOURCE + "\",\"data\":";
        return (head + "{\"a\":".repeat(DEEP_NESTING) + "1" + "}".repeat(DEEP_NESTING) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The contract example of a type, with a job id of its own. */
    public static ObjectNode example(MessageType type, String jobId) {
        try (InputStream in = MessageType.class.getResourceAsStream("/io/weft/contracts/examples/" + type.ceType() + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no contract example for " + type.ceType());
            }
            ObjectNode example = (ObjectNode) MAPPER.readTree(in);
            return example.put("jobId", jobId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(Object json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
