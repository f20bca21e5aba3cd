package io.weft.fabric.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.client.http.FabricCallMetrics;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.Fault;
import io.weft.testsupport.fabric.FabricEmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Fabric call metrics, made from the client's spans by {@link FabricCallMetrics} in a real OpenTelemetry SDK,
 * against the emulator's faults: latency by operation template and status, throttling waits, an open breaker.
 */
@ExtendWith(FabricEmulatorExtension.class)
class FabricCallMetricsTest {

    private static final String WORKSPACE_PATH = "/v1/workspaces/[^/]+";
    private static final String TEMPLATE = "/workspaces/{workspaceId}";

    private FabricEmulator emulator;
    private String workspaceId;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void setUp(FabricEmulator emulator) {
        this.emulator = emulator;
        emulator.admin().reset();
        workspaceId = emulator.admin().createWorkspace("Metrics WS");
        registry = new SimpleMeterRegistry();
    }

    private FabricClient client(FabricSettings settings) {
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(new FabricCallMetrics(registry)).build()).build();
        return FabricClient.create(settings, sdk, new RecordingHttpClient(settings));
    }

    @Test
    void aThrottledCallIsTimedByItsTemplateAndItsWaitsAreCounted() {
        FabricClient client = client(EmulatorSettings.of(emulator));
        emulator.admin().addFault(Fault.throttle(2, 1).matching("GET", WORKSPACE_PATH));

        client.workspaces().get(workspaceId);

        Timer calls = registry.find(FabricCallMetrics.CALLS).tags("method", "GET", "operation", TEMPLATE, "status", "200",
                "error_code", "none").timer();
        assertThat(calls).isNotNull();
        assertThat(calls.count()).isEqualTo(1);
        assertThat(calls.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).as("two Retry-After: 1 waits inside").isGreaterThanOrEqualTo(2000);
        Counter throttled = registry.find(FabricCallMetrics.THROTTLED).tags("operation", TEMPLATE, "reason", "throttled").counter();
        assertThat(throttled).isNotNull();
        assertThat(throttled.count()).isEqualTo(2);
        DistributionSummary waits = registry.find(FabricCallMetrics.THROTTLE_WAIT).tags("operation", TEMPLATE).summary();
        assertThat(waits).isNotNull();
        assertThat(waits.totalAmount()).as("seconds waited, as Fabric asked").isEqualTo(2.0);
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags().toString())
                .doesNotContain(workspaceId).doesNotContain(emulator.clientSecret()));
    }

    @Test
    void callsRefusedByAnOpenBreakerCarryItsErrorCode() {
        FabricClient client = client(EmulatorSettings.of(emulator)
                .withRetry(new FabricSettings.Retry(0, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(300), Duration.ofSeconds(5)))
                .withCircuitBreaker(new FabricSettings.CircuitBreaker(4, 0.5, Duration.ofMinutes(1), 1)));
        emulator.admin().addFault(Fault.serverErrors(1000, 503).matching("GET", WORKSPACE_PATH));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> client.workspaces().get(workspaceId)).isInstanceOf(FabricException.class);
        }

        assertThatThrownBy(() -> client.workspaces().get(workspaceId)).isInstanceOf(FabricException.class);

        assertThat(registry.find(FabricCallMetrics.CALLS).tags("operation", TEMPLATE, "status", "503",
                "error_code", "ServiceUnavailable").timer().count()).isEqualTo(4);
        assertThat(registry.find(FabricCallMetrics.CALLS).tags("operation", TEMPLATE,
                "error_code", ClientErrorCodes.CIRCUIT_BREAKER_OPEN).timer().count()).isEqualTo(1);
    }
}
