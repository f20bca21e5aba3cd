package io.weft.fabric.client;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.weft.fabric.client.http.FabricTelemetry;
import io.weft.fabric.client.lakehouse.Lakehouse;
import io.weft.fabric.client.onelake.UploadFile;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.fabric.FabricEmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every OneLake DFS request is a span of the job that made it, even from the storage SDK's own upload threads:
 * create, append and flush of each file, with status and OneLake's request id, and no names in the span's name.
 */
@ExtendWith(FabricEmulatorExtension.class)
class OneLakeTracingTest {

    private FabricClient client;
    private CollectingSpanExporter spans;
    private String workspaceId;

    @BeforeEach
    void setUp(FabricEmulator emulator) {
        emulator.admin().reset();
        spans = new CollectingSpanExporter();
        client = FabricClient.create(EmulatorSettings.of(emulator), spans.openTelemetry());
        workspaceId = emulator.admin().createWorkspace("Traced Lake WS");
    }

    @Test
    void eachUploadRequestIsAChildOfTheCallersSpan(@TempDir Path dir) throws Exception {
        Lakehouse lakehouse = client.lakehouses().create(workspaceId, "Traced");
        Path customers = Files.writeString(dir.resolve("customers.csv"), "id,name\n1,Ada\n");
        byte[] orders = "id;amount\n10;5.5\n".getBytes();
        String directory = lakehouse.id() + "/Files/raw";

        Span job = spans.openTelemetry().getTracer("test").spanBuilder("job graph-scenario").startSpan();
        try (Scope ignored = job.makeCurrent()) {
            client.oneLake().upload(workspaceId, directory, List.of(UploadFile.fromPath("customers.csv", customers),
                    UploadFile.fromStream("orders.csv", () -> new ByteArrayInputStream(orders), orders.length)), null);
            client.oneLake().deleteDirectory(workspaceId, directory + "/nothing-here");
        } finally {
            job.end();
        }

        List<SpanData> oneLake = spans.spans.stream().filter(span -> span.getName().startsWith("OneLake ")).toList();
        assertThat(oneLake).extracting(SpanData::getName)
                .contains("OneLake PUT /{workspace}/{path}?resource=file", "OneLake PATCH /{workspace}/{path}?action=append",
                        "OneLake PATCH /{workspace}/{path}?action=flush", "OneLake DELETE /{workspace}/{path}")
                .allSatisfy(name -> assertThat(name).doesNotContain(lakehouse.id()).doesNotContain("customers"));
        assertThat(oneLake.stream().filter(span -> span.getName().endsWith("?resource=file"))).as("one create per file").hasSize(2);
        assertThat(oneLake).allSatisfy(span -> {
            assertThat(span.getTraceId()).isEqualTo(job.getSpanContext().getTraceId());
            assertThat(span.getParentSpanId()).isEqualTo(job.getSpanContext().getSpanId());
            assertThat(span.getAttributes().get(FabricTelemetry.REQUEST_ID)).isNotBlank();
            assertThat(span.getAttributes().get(FabricTelemetry.STATUS)).isNotNull();
        });
        SpanData missing = oneLake.stream().filter(span -> span.getName().startsWith("OneLake DELETE")).findFirst().orElseThrow();
        assertThat(missing.getAttributes().get(FabricTelemetry.STATUS)).isEqualTo(404L);
        assertThat(missing.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(missing.getAttributes().get(FabricTelemetry.ERROR_CODE)).isEqualTo("PathNotFound");
    }
}
