package io.weft.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.contracts.command.DeployCommand;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.RefreshSemanticModel;
import io.weft.contracts.command.SemanticModelRefreshOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefreshSemanticModelContractTest {

    private final ContractCodec codec = ContractCodec.get();

    @Test
    void exampleDecodesAsADeployCommandKeyedByWorkspace() throws IOException {
        WeftMessage decoded = codec.decode(MessageType.REFRESH_SEMANTIC_MODEL.ceType(), bytes(example(MessageType.REFRESH_SEMANTIC_MODEL)),
                DeployCommand.class);

        RefreshSemanticModel refresh = (RefreshSemanticModel) decoded;
        assertThat(refresh.partitionKey()).isEqualTo("Sales Analytics");
        assertThat(refresh.options().objects()).containsExactly(new SemanticModelRefreshOptions.RefreshObject("Customers", null),
                new SemanticModelRefreshOptions.RefreshObject("Orders", "Orders-2026"));
        assertThat(refresh.options().standardRefresh()).isFalse();
        assertThat(MessageType.REFRESH_SEMANTIC_MODEL.topic()).isEqualTo(Topics.DEPLOY_COMMANDS);
    }

    @Test
    void withoutOptionsItIsAnEnhancedFullRefresh() throws IOException {
        ObjectNode json = example(MessageType.REFRESH_SEMANTIC_MODEL);
        json.remove("refresh");

        RefreshSemanticModel refresh = (RefreshSemanticModel) codec.decode(MessageType.REFRESH_SEMANTIC_MODEL.ceType(), bytes(json));

        assertThat(refresh.options()).isEqualTo(SemanticModelRefreshOptions.full());
    }

    @Test
    void aModelNeedsAnIdOrAName() throws IOException {
        ObjectNode json = example(MessageType.REFRESH_SEMANTIC_MODEL);
        json.remove("modelName");

        assertThatThrownBy(() -> codec.decode(MessageType.REFRESH_SEMANTIC_MODEL.ceType(), bytes(json)))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("modelId")
                .hasMessageContaining("modelName");
    }

    @Test
    void unknownTypeBadTimeoutZeroParallelismAndUnknownFieldsAreRejectedNamingTheirPaths() throws IOException {
        ObjectNode json = example(MessageType.REFRESH_SEMANTIC_MODEL);
        ObjectNode refresh = (ObjectNode) json.get("refresh");
        refresh.put("type", "Everything");
        refresh.put("timeout", "25:00:00");
        refresh.put("maxParallelism", 0);
        refresh.put("notifyOption", "MailOnFailure");

        assertThatThrownBy(() -> codec.decode(MessageType.REFRESH_SEMANTIC_MODEL.ceType(), bytes(json)))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("refresh.type")
                .hasMessageContaining("refresh.timeout")
                .hasMessageContaining("refresh.maxParallelism")
                .hasMessageContaining("notifyOption");
    }

    @Test
    void aStandardRefreshTakesNoEnhancedField() throws IOException {
        ObjectNode json = example(MessageType.REFRESH_SEMANTIC_MODEL);
        ((ObjectNode) json.get("refresh")).put("standard", true);

        assertThatThrownBy(() -> codec.decode(MessageType.REFRESH_SEMANTIC_MODEL.ceType(), bytes(json)))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("refresh");
        ObjectNode plain = example(MessageType.REFRESH_SEMANTIC_MODEL);
        plain.putObject("refresh").put("standard", true).put("budgetSeconds", 600);
        assertThat(((RefreshSemanticModel) codec.decode(MessageType.REFRESH_SEMANTIC_MODEL.ceType(), bytes(plain))).options().standardRefresh())
                .isTrue();
    }

    @Test
    void aDeploymentMayAskForARefreshAfterItAndOlderCommandsWithoutOneStillDecode() throws IOException {
        ObjectNode json = example(MessageType.DEPLOY_SEMANTIC_MODEL);
        DeploySemanticModel withRefresh = (DeploySemanticModel) codec.decode(MessageType.DEPLOY_SEMANTIC_MODEL.ceType(), bytes(json));
        json.remove("refreshAfterDeploy");
        DeploySemanticModel without = (DeploySemanticModel) codec.decode(MessageType.DEPLOY_SEMANTIC_MODEL.ceType(), bytes(json));

        assertThat(withRefresh.refreshAfterDeploy().type()).isEqualTo("Full");
        assertThat(withRefresh.refreshAfterDeploy().budgetSeconds()).isEqualTo(1800L);
        assertThat(without.refreshAfterDeploy()).isNull();
    }

    private ObjectNode example(MessageType type) throws IOException {
        JsonNode json = ContractCodecTest.example(type);
        return (ObjectNode) json;
    }

    private byte[] bytes(JsonNode json) throws IOException {
        return codec.mapper().writeValueAsBytes(json);
    }
}
