package io.weft.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.contracts.command.ProvisionGraphScenario;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both content modes of the CloudEvents Kafka binding read to the same command; the rest is refused with a reason. */
class CloudEventReaderTest {

    private static final ContractCodec CODEC = ContractCodec.get();
    private static final String TYPE = MessageType.PROVISION_GRAPH_SCENARIO.ceType();

    @Test
    void binaryAndStructuredModesDecodeToTheSameCommand() throws Exception {
        byte[] data = CODEC.mapper().writeValueAsBytes(ContractCodecTest.example(MessageType.PROVISION_GRAPH_SCENARIO));
        CloudEventEnvelope binary = CloudEventReader.read(List.of(
                header("ce_specversion", "1.0"), header("ce_id", "1"), header("ce_type", TYPE),
                header("ce_source", "/test"), header("ce_subject", "job-1"), header("content-type", "application/json")), data);
        ObjectNode event = structured();
        event.set("data", CODEC.mapper().readTree(data));
        CloudEventEnvelope withData = CloudEventReader.read(List.of(
                header("content-type", "application/cloudevents+json; charset=utf-8")), CODEC.mapper().writeValueAsBytes(event));
        event.remove("data");
        event.put("data_base64", Base64.getEncoder().encodeToString(data));
        CloudEventEnvelope withBase64 = CloudEventReader.read(List.of(
                header("content-type", "application/cloudevents+json")), CODEC.mapper().writeValueAsBytes(event));

        assertThat(binary.mode()).isEqualTo(CloudEventEnvelope.Mode.BINARY);
        assertThat(withData.mode()).isEqualTo(CloudEventEnvelope.Mode.STRUCTURED);
        assertThat(List.of(withData, withBase64)).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(TYPE);
            assertThat(e.subject()).isEqualTo("job-1");
            assertThat(CODEC.decode(e, ProvisionGraphScenario.class))
                    .isEqualTo(CODEC.decode(binary, ProvisionGraphScenario.class));
        });
    }

    @Test
    void theBatchFormatAndOtherEventFormatsAreRefusedWithAReason() {
        assertThatThrownBy(() -> CloudEventReader.read(List.of(header("content-type", "application/cloudevents-batch+json")),
                "[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ContractViolationException.class).hasMessageContaining("batch format");
        assertThatThrownBy(() -> CloudEventReader.read(List.of(header("Content-Type", "application/cloudevents+avro")),
                new byte[] {1, 2}))
                .isInstanceOf(ContractViolationException.class).hasMessageContaining("only the JSON event format");
    }

    @Test
    void theJobOfAnUnreadableRecordIsFoundWhereverItIsAndNothingThrows() {
        byte[] event = CODEC.encode(new io.weft.contracts.command.CancelJob("job-7", null, java.time.Instant.EPOCH));
        String base64 = "{\"data_base64\":\"" + Base64.getEncoder().encodeToString(event) + "\"}";
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThat(CloudEventReader.jobIdOf(List.of(header("ce_subject", "job-1")), null)).contains("job-1");
        assertThat(CloudEventReader.jobIdOf(List.of(), "{\"subject\":\"job-2\"}".getBytes(StandardCharsets.UTF_8))).contains("job-2");
        assertThat(CloudEventReader.jobIdOf(List.of(), "{\"data\":{\"jobId\":\"job-3\"}}".getBytes(StandardCharsets.UTF_8))).contains("job-3");
        assertThat(CloudEventReader.jobIdOf(List.of(), base64.getBytes(StandardCharsets.UTF_8))).contains("job-7");
        assertThat(CloudEventReader.jobIdOf(List.of(header("ce_subject", "not a job id!")), deep.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(CloudEventReader.jobIdOf(null, new byte[] {(byte) 0xFF, 0})).isEmpty();
    }

    private static ObjectNode structured() {
        return CODEC.mapper().createObjectNode().put("specversion", "1.0").put("id", "2").put("type", TYPE)
                .put("source", "/test").put("subject", "job-1");
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
