package io.weft.deployer.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.Topics;
import io.weft.contracts.command.CancelJob;
import io.weft.contracts.command.DeploySemanticModel;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes deployment commands the way an upstream CI system does, with a stock Kafka producer, as CloudEvents in
 * binary mode (headers) or structured mode (one JSON value), and nothing from Weft but the record's JSON. The README's Java example is this class.
 */
public final class UpstreamPublisher implements AutoCloseable {

    public static final String TYPE_V1 = "io.weft.deploy.semantic-model.requested.v1";

    private final KafkaProducer<String, byte[]> producer;

    public UpstreamPublisher(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes a command as a v1 CloudEvent; returns the CloudEvent id used. */
    public String publish(DeploySemanticModel command) {
        return publish(command, TYPE_V1, UUID.randomUUID().toString());
    }

    /** Publishes a refresh request as a v1 CloudEvent; returns the CloudEvent id used. */
    public String publish(io.weft.contracts.command.RefreshSemanticModel command) {
        return publish(command.workspace(), command.jobId(), io.weft.contracts.MessageType.REFRESH_SEMANTIC_MODEL.ceType(),
                UUID.randomUUID().toString(), ContractCodec.get().encode(command));
    }

    public String publish(DeploySemanticModel command, String ceType, String ceId) {
        return publish(command.workspace(), command.jobId(), ceType, ceId, ContractCodec.get().encode(command));
    }

    public String publish(String key, String jobId, String ceType, String ceId, byte[] json) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEPLOY_COMMANDS, key, json);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_type", ceType);
        header(record, "ce_id", ceId);
        header(record, "ce_source", "/ci/pipelines/sales-model");
        header(record, "ce_subject", jobId);
        header(record, "ce_time", Instant.now().toString());
        header(record, "content-type", "application/json");
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the command", e);
        }
        return ceId;
    }

    /**
     * Publishes a command as a v1 CloudEvent in <em>structured</em> mode, as event routers and CI bridges often do:
     * one JSON value holding the attributes and the data, {@code content-type: application/cloudevents+json}, no
     * {@code ce_*} headers. Returns the CloudEvent id used.
     */
    public String publishStructured(DeploySemanticModel command) {
        String ceId = UUID.randomUUID().toString();
        ObjectNode event = ContractCodec.get().mapper().createObjectNode()
                .put("specversion", "1.0")
                .put("type", TYPE_V1)
                .put("id", ceId)
                .put("source", "/ci/pipelines/sales-model")
                .put("subject", command.jobId())
                .put("time", Instant.now().toString())
                .put("datacontenttype", "application/json");
        event.set("data", ContractCodec.get().mapper().valueToTree(command));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEPLOY_COMMANDS, command.workspace(),
                json(event));
        header(record, "content-type", "application/cloudevents+json; charset=utf-8");
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the command", e);
        }
        return ceId;
    }

    /** Asks for a job to stop, as the gateway or tracker does. */
    public void cancel(String jobId, String reason) {
        byte[] json = ContractCodec.get().encode(new CancelJob(jobId, reason, Instant.now()));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.CONTROL_COMMANDS, jobId, json);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_type", "io.weft.control.cancel.requested.v1");
        header(record, "ce_id", UUID.randomUUID().toString());
        header(record, "ce_source", "/ci/pipelines/sales-model");
        header(record, "ce_subject", jobId);
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the cancel request", e);
        }
    }

    private static byte[] json(ObjectNode event) {
        try {
            return ContractCodec.get().mapper().writeValueAsBytes(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
