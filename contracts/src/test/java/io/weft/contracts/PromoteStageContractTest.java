package io.weft.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.contracts.command.DeployCommand;
import io.weft.contracts.command.PromoteStage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromoteStageContractTest {

    private final ContractCodec codec = ContractCodec.get();

    @Test
    void exampleDecodesAsADeployCommandKeyedByItsPipeline() throws IOException {
        DeployCommand decoded = codec.decode(MessageType.PROMOTE_STAGE.ceType(), bytes(example()), DeployCommand.class);

        PromoteStage promotion = (PromoteStage) decoded;
        assertThat(promotion.partitionKey()).isEqualTo("pipeline:Sales Release");
        assertThat(promotion.target()).isEqualTo("Sales Release: dev → qa");
        assertThat(promotion.workspace()).isNull();
        assertThat(promotion.items()).containsExactly(new PromoteStage.PromotedItem("SemanticModel", "Sales"));
        assertThat(promotion.plan()).isFalse();
        assertThat(MessageType.PROMOTE_STAGE.topic()).isEqualTo(Topics.DEPLOY_COMMANDS);
    }

    @Test
    void encodedItCarriesOnlyItsOwnFieldsAndDecodesToTheSameRecord() {
        PromoteStage promotion = new PromoteStage("job-1", "Sales Release", "Test", "Production", null, null, true,
                Instant.parse("2026-12-03T10:00:00Z"));

        byte[] encoded = codec.encode(promotion);

        assertThat(new String(encoded, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("workspace").doesNotContain("\"target\"");
        assertThat(codec.decode(MessageType.PROMOTE_STAGE.ceType(), encoded)).isEqualTo(promotion);
        assertThat(promotion.items()).isEmpty();
    }

    @Test
    void everyProblemIsNamedAtOnce() throws IOException {
        ObjectNode json = example();
        json.remove("targetStage");
        json.put("note", "x".repeat(1025));
        ((ObjectNode) json.get("items").get(0)).remove("name");
        json.put("workspace", "Sales Dev");

        assertThatThrownBy(() -> codec.decode(MessageType.PROMOTE_STAGE.ceType(), bytes(json)))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("targetStage")
                .hasMessageContaining("note")
                .hasMessageContaining("name")
                .hasMessageContaining("workspace");
        assertThat(List.of(MessageType.values())).contains(MessageType.PROMOTE_STAGE);
    }

    private static ObjectNode example() throws IOException {
        return (ObjectNode) ContractCodecTest.example(MessageType.PROMOTE_STAGE).deepCopy();
    }

    private byte[] bytes(JsonNode json) throws IOException {
        return codec.mapper().writeValueAsBytes(json);
    }
}
