package io.weft.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.contracts.command.ItemJobParameter;
import io.weft.contracts.command.ProvisionCommand;
import io.weft.contracts.command.RunItemJob;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunItemJobContractTest {

    private final ContractCodec codec = ContractCodec.get();

    @Test
    void exampleDecodesAsAProvisionCommandKeyedByWorkspace() throws IOException {
        WeftMessage decoded = codec.decode(MessageType.RUN_ITEM_JOB.ceType(), bytes(example()), ProvisionCommand.class);

        RunItemJob run = (RunItemJob) decoded;
        assertThat(run.partitionKey()).isEqualTo("Sales Analytics");
        assertThat(run.parameters()).containsExactly(new ItemJobParameter("OrderKey", "Integer", 25),
                new ItemJobParameter("Region", "Text", "EMEA"));
        assertThat(MessageType.RUN_ITEM_JOB.topic()).isEqualTo(Topics.PROVISION_COMMANDS);
    }

    @Test
    void absentParametersAreAnEmptyList() throws IOException {
        ObjectNode json = example();
        json.remove("parameters");

        RunItemJob run = (RunItemJob) codec.decode(MessageType.RUN_ITEM_JOB.ceType(), bytes(json));

        assertThat(run.parameters()).isEmpty();
    }

    @Test
    void anItemNeedsAnIdOrAName() throws IOException {
        ObjectNode json = example();
        json.remove("itemName");

        assertThatThrownBy(() -> codec.decode(MessageType.RUN_ITEM_JOB.ceType(), bytes(json)))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("itemId")
                .hasMessageContaining("itemName");
    }

    @Test
    void unknownItemTypeParameterTypeAndObjectValueAreRejectedNamingTheirPaths() throws IOException {
        ObjectNode json = example();
        json.put("itemType", "Lakehouse");
        ((ObjectNode) json.withArray("parameters").get(0)).put("type", "Decimal");
        ((ObjectNode) json.withArray("parameters").get(1)).putObject("value").put("nested", true);

        assertThatThrownBy(() -> codec.decode(MessageType.RUN_ITEM_JOB.ceType(), bytes(json)))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("itemType")
                .hasMessageContaining("parameters[0].type")
                .hasMessageContaining("parameters[1].value");
    }

    @Test
    void aBudgetMustBePositive() throws IOException {
        ObjectNode json = example();
        json.put("budgetSeconds", 0);

        assertThatThrownBy(() -> codec.decode(MessageType.RUN_ITEM_JOB.ceType(), bytes(json)))
                .isInstanceOf(ContractViolationException.class)
                .hasMessageContaining("budgetSeconds");
    }

    @Test
    void aRecordWithAGuidNeedsNoName() throws IOException {
        RunItemJob byId = new RunItemJob("job-1", "ws", "431e8d7b-4a95-4c02-8ccd-6faef5ba1bd7", null, "Notebook", null,
                List.of(), null, java.time.Instant.parse("2026-12-02T10:00:00Z"));

        WeftMessage decoded = codec.decode(MessageType.RUN_ITEM_JOB.ceType(), codec.encode(byId));

        assertThat(decoded).isEqualTo(byId);
    }

    private ObjectNode example() throws IOException {
        JsonNode json = ContractCodecTest.example(MessageType.RUN_ITEM_JOB);
        return (ObjectNode) json;
    }

    private byte[] bytes(JsonNode json) throws IOException {
        return codec.mapper().writeValueAsBytes(json);
    }
}
