package io.weft.testsupport.kafka;

import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.WeftMessage;
import io.weft.contracts.command.Command;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes Weft's messages as the gateway's emitter does: binary-mode CloudEvents (the {@code ce_*} headers and
 * {@code content-type} SmallRye's connector writes) on the contract's topic with the contract's key, through an
 * idempotent {@code acks=all} producer. For tests and the benchmark harness, which stand in for the gateway.
 */
public final class CommandPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String source;

    /**
     * @param source the CloudEvent {@code source}, e.g. {@code /weft/upload-gateway}
     */
    public CommandPublisher(String bootstrapServers, String source) {
        this.source = source;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes the message and waits for the broker's acknowledgement: where it went, and its timestamp. */
    public RecordMetadata publish(WeftMessage message) {
        MessageType type = MessageType.of(message);
        try {
            return publishAsync(message).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + type.ceType(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish " + type.ceType() + " for job " + message.jobId(), e);
        }
    }

    /** Publishes the message without waiting: for a steady load, where the producer batches. */
    public Future<RecordMetadata> publishAsync(WeftMessage message) {
        MessageType type = MessageType.of(message);
        String key = message instanceof Command command ? command.partitionKey() : message.jobId();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(type.topic(), key, ContractCodec.get().encode(message));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", UUID.randomUUID().toString());
        header(record, "ce_type", type.ceType());
        header(record, "ce_source", source);
        header(record, "ce_subject", message.jobId());
        header(record, "ce_time", Instant.now().toString());
        header(record, "content-type", "application/json");
        return producer.send(record);
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
