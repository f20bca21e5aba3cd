package io.weft.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.contracts.command.DeployCommand;
import io.weft.contracts.command.DeploySemanticModel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A deployment names a workspace or an environment, never both, never neither. */
class DeploySemanticModelContractTest {

    private static final String EXAMPLE = "/io/weft/contracts/examples/io.weft.deploy.semantic-model.requested.v1.environment.json";

    private final ContractCodec codec = ContractCodec.get();

    @Test
    void theEnvironmentExampleDecodesKeyedByItsEnvironmentAndRoundTrips() throws IOException {
        JsonNode json = example();

        DeploySemanticModel command = (DeploySemanticModel) codec.decode(MessageType.DEPLOY_SEMANTIC_MODEL.ceType(),
                codec.mapper().writeValueAsBytes(json), DeployCommand.class);

        assertThat(command.environment()).isEqualTo("qa");
        assertThat(command.workspace()).isNull();
        assertThat(command.partitionKey()).isEqualTo("environment:qa");
        assertThat(codec.mapper().readTree(codec.encode(command))).isEqualTo(json);
    }

    @Test
    void bothOrNeitherOfWorkspaceAndEnvironmentIsRefused() throws IOException {
        ObjectNode both = example();
        both.put("workspace", "Sales QA");
        ObjectNode neither = example();
        neither.remove("environment");
        ObjectNode badName = example();
        badName.put("environment", "qa; drop");

        assertThat(codec.violations(MessageType.DEPLOY_SEMANTIC_MODEL, both)).isNotEmpty();
        assertThat(codec.violations(MessageType.DEPLOY_SEMANTIC_MODEL, neither)).isNotEmpty();
        assertThatThrownBy(() -> codec.decode(MessageType.DEPLOY_SEMANTIC_MODEL.ceType(), codec.mapper().writeValueAsBytes(badName)))
                .isInstanceOf(ContractViolationException.class).hasMessageContaining("environment");
    }

    private ObjectNode example() throws IOException {
        try (InputStream in = getClass().getResourceAsStream(EXAMPLE)) {
            return (ObjectNode) codec.mapper().readTree(in);
        }
    }
}
