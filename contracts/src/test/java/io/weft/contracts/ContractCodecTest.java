package io.weft.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractCodecTest {

    private final ContractCodec codec = ContractCodec.get();

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void exampleValidatesAgainstItsSchema(MessageType type) throws IOException {
        assertThat(codec.violations(type, example(type))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyTypeRoundTripsThroughJacksonUnchanged(MessageType type) throws IOException {
        JsonNode json = example(type);
        WeftMessage decoded = codec.decode(type.ceType(), codec.mapper().writeValueAsBytes(json));

        assertThat(decoded).isInstanceOf(type.recordType());
        assertThat(MessageType.of(decoded)).isEqualTo(type);
        WeftMessage again = codec.decode(type.ceType(), codec.encode(decoded));
        assertThat(again).isEqualTo(decoded);
        assertThat(codec.mapper().readTree(codec.encode(decoded))).isEqualTo(json);
    }

    @Test
    void missingFieldIsRejectedNamingTheField() throws IOException {
        ObjectNode json = (ObjectNode) example(MessageType.PROVISION_GRAPH_SCENARIO);
        json.remove("lakehouseName");

        assertThatThrownBy(() -> decode(MessageType.PROVISION_GRAPH_SCENARIO, json))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("lakehouseName");
    }

    @Test
    void nestedMissingFieldIsRejectedNamingItsPath() throws IOException {
        ObjectNode json = (ObjectNode) example(MessageType.PROVISION_GRAPH_SCENARIO);
        ((ObjectNode) json.get("archive")).remove("sha256");

        assertThatThrownBy(() -> decode(MessageType.PROVISION_GRAPH_SCENARIO, json))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("archive")
                .hasMessageContaining("sha256");
    }

    @Test
    void wrongTypeIsRejectedNamingTheField() throws IOException {
        ObjectNode json = (ObjectNode) example(MessageType.STEP_PROGRESSED);
        json.put("done", "three");

        assertThatThrownBy(() -> decode(MessageType.STEP_PROGRESSED, json))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("done")
                .hasMessageContaining("integer");
    }

    @Test
    void invalidEnumValueIsRejectedNamingTheField() throws IOException {
        ObjectNode json = (ObjectNode) example(MessageType.DEPLOY_SEMANTIC_MODEL);
        json.put("mode", "staging");

        assertThatThrownBy(() -> decode(MessageType.DEPLOY_SEMANTIC_MODEL, json))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("mode");
    }

    @Test
    void definitionWithNeitherPartsNorArchiveIsRejected() throws IOException {
        ObjectNode json = (ObjectNode) example(MessageType.DEPLOY_SEMANTIC_MODEL);
        ((ObjectNode) json.get("definition")).remove("parts");

        assertThatThrownBy(() -> decode(MessageType.DEPLOY_SEMANTIC_MODEL, json))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("definition");
    }

    @Test
    void unknownVersionIsRejectedNamingTheTypeAndTheKnownOnes() throws IOException {
        byte[] data = codec.mapper().writeValueAsBytes(example(MessageType.PROVISION_GRAPH_SCENARIO));

        assertThatThrownBy(() -> codec.decode("io.weft.provision.graph-scenario.requested.v2", data))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("ce_type")
                .hasMessageContaining("io.weft.provision.graph-scenario.requested.v2")
                .hasMessageContaining("io.weft.provision.graph-scenario.requested.v1");
    }

    @Test
    void missingTypeAndInvalidJsonAreRejected() {
        assertThatThrownBy(() -> codec.decode(null, "{}".getBytes()))
                .isInstanceOf(ContractViolationException.class).hasMessageContaining("ce_type");
        assertThatThrownBy(() -> codec.decode(MessageType.CANCEL_JOB.ceType(), "{not json".getBytes()))
                .isInstanceOf(ContractViolationException.class).hasMessageContaining("data: not valid JSON");
    }

    @Test
    void commandOfTheWrongKindIsRejected() throws IOException {
        byte[] data = codec.mapper().writeValueAsBytes(example(MessageType.CANCEL_JOB));

        assertThatThrownBy(() -> codec.decode(MessageType.CANCEL_JOB.ceType(), data,
                io.weft.contracts.command.ProvisionCommand.class))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("ProvisionCommand");
    }

    @Test
    void commandsAreKeyedByWorkspaceAndControlCommandsByJob() throws IOException {
        var provision = (io.weft.contracts.command.Command) codec.decode(MessageType.PROVISION_GRAPH_SCENARIO.ceType(),
                codec.mapper().writeValueAsBytes(example(MessageType.PROVISION_GRAPH_SCENARIO)));
        var cancel = (io.weft.contracts.command.Command) codec.decode(MessageType.CANCEL_JOB.ceType(),
                codec.mapper().writeValueAsBytes(example(MessageType.CANCEL_JOB)));

        assertThat(provision.partitionKey()).isEqualTo("Sales Analytics");
        assertThat(cancel.partitionKey()).isEqualTo(cancel.jobId());
    }

    @Test
    void workspaceProvisioningIsKeyedByWorkspaceAndDefaultsToTheMedallionSetAndRollback() throws IOException {
        ObjectNode json = (ObjectNode) example(MessageType.PROVISION_WORKSPACE);
        json.remove("lakehouses");
        json.remove("onFailure");

        var command = (io.weft.contracts.command.ProvisionWorkspace) decode(MessageType.PROVISION_WORKSPACE, json);

        assertThat(command.partitionKey()).isEqualTo("Sales Analytics");
        assertThat(MessageType.PROVISION_WORKSPACE.topic()).isEqualTo(Topics.PROVISION_COMMANDS);
        assertThat(command.lakehouseSet().displayNames()).containsExactly("bronze", "silver", "gold");
        assertThat(command.lakehouseSet().schemas()).isFalse();
        assertThat(command.failurePolicy()).isEqualTo(io.weft.contracts.command.FailurePolicy.ROLLBACK);
    }

    @Test
    void workspaceProvisioningRefusesAnUnknownFailurePolicyAndBadLakehouseNames() throws IOException {
        ObjectNode json = (ObjectNode) example(MessageType.PROVISION_WORKSPACE);
        json.put("onFailure", "ignore");
        ((ObjectNode) json.get("lakehouses")).putArray("names").add("bad name");

        assertThatThrownBy(() -> decode(MessageType.PROVISION_WORKSPACE, json))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("onFailure")
                .hasMessageContaining("names");
    }

    private WeftMessage decode(MessageType type, JsonNode json) throws IOException {
        return codec.decode(type.ceType(), codec.mapper().writeValueAsBytes(json));
    }

    static JsonNode example(MessageType type) throws IOException {
        try (InputStream in = MessageType.class.getResourceAsStream("/io/weft/contracts/examples/" + type.ceType() + ".json")) {
            assertThat(in).as("example for %s", type).isNotNull();
            return ContractCodec.get().mapper().readTree(in);
        }
    }
}
