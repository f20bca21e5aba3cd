package io.weft.tracker.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.WeftMessage;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.tracker.model.InputCategory;
import io.weft.tracker.model.JobInput;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/** Valid Weft messages for tests, built from the contracts' own examples so that they pass schema validation. */
public final class Messages {

    private static final ContractCodec CODEC = ContractCodec.get();

    private Messages() {
    }

    public static ProvisionGraphScenario provision(String jobId, String workspace, Instant requestedAt) {
        return command(MessageType.PROVISION_GRAPH_SCENARIO, jobId, workspace, requestedAt, ProvisionGraphScenario.class);
    }

    public static DeploySemanticModel deploy(String jobId, String workspace, Instant requestedAt) {
        return command(MessageType.DEPLOY_SEMANTIC_MODEL, jobId, workspace, requestedAt, DeploySemanticModel.class);
    }

    public static io.weft.contracts.command.RefreshSemanticModel refresh(String jobId, String workspace, Instant requestedAt) {
        return command(MessageType.REFRESH_SEMANTIC_MODEL, jobId, workspace, requestedAt, io.weft.contracts.command.RefreshSemanticModel.class);
    }

    private static <T extends WeftMessage> T command(MessageType type, String jobId, String workspace,
            Instant requestedAt, Class<T> recordType) {
        ObjectNode example = (ObjectNode) example(type);
        example.put("jobId", jobId).put("workspace", workspace).put("requestedAt", requestedAt.toString());
        return recordType.cast(CODEC.decode(type.ceType(), example.toString().getBytes()));
    }

    public static JsonNode example(MessageType type) {
        String path = "/io/weft/contracts/examples/" + type.ceType() + ".json";
        try (InputStream in = MessageType.class.getResourceAsStream(path)) {
            return CODEC.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The input the tracker's decoder would make of this message read from its topic. */
    public static JobInput input(WeftMessage message) {
        MessageType type = MessageType.of(message);
        JsonNode data = CODEC.mapper().valueToTree(message);
        return switch (type.topic()) {
            case Topics.JOB_EVENTS -> {
                io.weft.contracts.event.JobEvent event = (io.weft.contracts.event.JobEvent) message;
                yield new JobInput(message.jobId(), InputCategory.EVENT, UUID.randomUUID().toString(), type.ceType(),
                        type.topic(), event.attempt(), event.sequence(), event.occurredAt(), null, data, message);
            }
            case Topics.CONTROL_COMMANDS -> new JobInput(message.jobId(), InputCategory.CANCEL,
                    UUID.randomUUID().toString(), type.ceType(), type.topic(), null, null,
                    ((io.weft.contracts.command.Command) message).requestedAt(), null, data, message);
            default -> new JobInput(message.jobId(), InputCategory.COMMAND, UUID.randomUUID().toString(), type.ceType(),
                    type.topic(), null, null, ((io.weft.contracts.command.Command) message).requestedAt(), null, data,
                    message);
        };
    }

    /** The input of a command that came back from its dead-letter topic. */
    public static JobInput deadLetter(WeftMessage command, String reason, Instant at) {
        MessageType type = MessageType.of(command);
        return new JobInput(command.jobId(), InputCategory.DEAD_LETTER, UUID.randomUUID().toString(), type.ceType(),
                type.topic() + ".dlq", null, null, at, reason, CODEC.mapper().valueToTree(command), command);
    }
}
