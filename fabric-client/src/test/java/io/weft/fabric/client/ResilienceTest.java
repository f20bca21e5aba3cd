package io.weft.fabric.client;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.client.http.FabricTelemetry;
import io.weft.fabric.client.http.RecordingSleeper;
import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.Fault;
import io.weft.testsupport.fabric.FabricEmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Throttling, 5xx, the circuit breaker, name reservations and untrusted hosts, against the emulator's faults. */
@ExtendWith(FabricEmulatorExtension.class)
class ResilienceTest {

    private static final String WORKSPACE_PATH = "/v1/workspaces/[^/]+";

    private FabricEmulator emulator;
    private String workspaceId;
    private RecordingHttpClient wire;
    private CollectingSpanExporter spans;

    @BeforeEach
    void setUp(FabricEmulator emulator) {
        this.emulator = emulator;
        emulator.admin().reset();
        emulator.admin().longRunningOperations(true).retryAfterSeconds(1).operationDuration(Duration.ofMillis(300)).pageSize(100);
        workspaceId = emulator.admin().createWorkspace("Resilience WS");
    }

    private FabricClient client(FabricSettings settings) {
        return client(settings, Sleeper.THREAD);
    }

    private FabricClient client(FabricSettings settings, Sleeper sleeper) {
        wire = new RecordingHttpClient(settings);
        spans = new CollectingSpanExporter();
        return FabricClient.create(settings, spans.openTelemetry(), wire, sleeper);
    }

    private SpanData onlySpan(String name) {
        List<SpanData> matching = spans.spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    private static long events(SpanData span, String name) {
        return span.getEvents().stream().map(EventData::getName).filter(name::equals).count();
    }

    @Test
    void aThrottlingStormIsRiddenOutWaitingExactlyRetryAfterWithoutSpendingRetries() {
        // Recorded and really taken: the waits requested are asserted exactly, and this test stays the real-time smoke.
        RecordingSleeper sleeper = RecordingSleeper.over(Sleeper.THREAD);
        FabricClient client = client(EmulatorSettings.of(emulator)
                .withRetry(new FabricSettings.Retry(1, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(5))),
                sleeper);
        emulator.admin().addFault(Fault.throttle(4, 1).matching("GET", WORKSPACE_PATH));

        assertThat(client.workspaces().get(workspaceId).displayName()).isEqualTo("Resilience WS");

        List<RecordingHttpClient.Exchange> attempts = wire.fabric("GET", WORKSPACE_PATH);
        assertThat(attempts).extracting(RecordingHttpClient.Exchange::status).containsExactly(429, 429, 429, 429, 200);
        assertThat(sleeper.waits(Sleeper.THROTTLED)).as("waits exactly Retry-After: 1, four times")
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        for (int i = 1; i < attempts.size(); i++) {
            // Real time, a lower bound only (a slow machine only lengthens gaps): the waits were really taken.
            assertThat(Duration.between(attempts.get(i - 1).answered(), attempts.get(i).sent())).as("never retries early")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        }
        SpanData span = onlySpan("Fabric GET /workspaces/{workspaceId}");
        assertThat(events(span, FabricTelemetry.EVENT_THROTTLED)).isEqualTo(4);
        assertThat(span.getAttributes().get(FabricTelemetry.STATUS)).isEqualTo(200L);
        assertThat(span.getAttributes().get(FabricTelemetry.URL_TEMPLATE)).isEqualTo("/workspaces/{workspaceId}");
        assertThat(span.getAttributes().get(FabricTelemetry.REQUEST_ID)).isNotBlank();
        assertThat(span.getAttributes().asMap().values()).allSatisfy(v -> assertThat(String.valueOf(v))
                .doesNotContain("Bearer").doesNotContain(emulator.clientSecret()).doesNotContain(workspaceId));
    }

    @Test
    void throttlingBeyondItsBudgetFailsClearly() {
        RecordingSleeper sleeper = RecordingSleeper.virtual();
        FabricClient client = client(EmulatorSettings.of(emulator)
                .withThrottling(new FabricSettings.Throttling(Duration.ofMillis(2500), Duration.ofSeconds(1))), sleeper);
        emulator.admin().addFault(Fault.throttle(50, 1).matching("GET", WORKSPACE_PATH));

        assertThatThrownBy(() -> client.workspaces().get(workspaceId))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ClientErrorCodes.THROTTLED_BEYOND_BUDGET);
                    assertThat(e.getMessage()).contains("PT2.5S budget", "[RequestBlocked] Request is blocked");
                    assertThat(e.httpStatus()).isEqualTo(429);
                    assertThat(e.retriable()).isTrue();
                });
        List<Duration> waits = sleeper.waits(Sleeper.THROTTLED);
        assertThat(waits).as("Retry-After: 1 waited while the budget allowed it").isNotEmpty()
                .allSatisfy(w -> assertThat(w).isEqualTo(Duration.ofSeconds(1)));
        assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus)).isLessThanOrEqualTo(Duration.ofMillis(2500));
        assertThat(wire.fabric("GET", WORKSPACE_PATH)).hasSize(waits.size() + 1);
    }

    @Test
    void aBurstOf5xxIsRetriedWithBackoffAndShowsAsSpanEvents() {
        FabricClient client = client(EmulatorSettings.of(emulator));
        emulator.admin().addFault(Fault.serverErrors(3, 503).matching("GET", WORKSPACE_PATH));

        assertThat(client.workspaces().get(workspaceId).id()).isEqualTo(workspaceId);

        assertThat(wire.fabric("GET", WORKSPACE_PATH)).extracting(RecordingHttpClient.Exchange::status)
                .containsExactly(503, 503, 503, 200);
        assertThat(events(onlySpan("Fabric GET /workspaces/{workspaceId}"), FabricTelemetry.EVENT_RETRY)).isEqualTo(3);
    }

    @Test
    void persistent5xxFailsAfterTheRetriesWithFabricsDetails() {
        FabricClient client = client(EmulatorSettings.of(emulator));
        emulator.admin().addFault(new Fault(Fault.SERVER_ERROR, null, "GET", WORKSPACE_PATH, null, null, 500, null, null, null, null));

        assertThatThrownBy(() -> client.workspaces().get(workspaceId))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("InternalServerError");
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.requestId()).isNotBlank();
                });
        assertThat(wire.fabric("GET", WORKSPACE_PATH)).as("1 attempt + 3 retries").hasSize(4);
        SpanData span = onlySpan("Fabric GET /workspaces/{workspaceId}");
        assertThat(span.getAttributes().get(FabricTelemetry.ERROR_CODE)).isEqualTo("InternalServerError");
        assertThat(span.getAttributes().get(FabricTelemetry.STATUS)).isEqualTo(500L);
    }

    @Test
    void theCircuitBreakerOpensForTheFailingHostAndSaysSo() {
        FabricClient client = client(EmulatorSettings.of(emulator)
                .withRetry(new FabricSettings.Retry(0, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(300), Duration.ofSeconds(5)))
                .withCircuitBreaker(new FabricSettings.CircuitBreaker(4, 0.5, Duration.ofMinutes(1), 1)));
        emulator.admin().addFault(Fault.serverErrors(1000, 503).matching("GET", WORKSPACE_PATH));

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> client.workspaces().get(workspaceId))
                    .isInstanceOfSatisfying(FabricException.class, e -> assertThat(e.errorCode()).isEqualTo("ServiceUnavailable"));
        }
        emulator.admin().clearFaults();
        assertThatThrownBy(() -> client.workspaces().get(workspaceId))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ClientErrorCodes.CIRCUIT_BREAKER_OPEN);
                    assertThat(e.getMessage()).startsWith("[CircuitBreakerOpen] Circuit breaker for Fabric host 127.0.0.1:")
                            .contains("is open after repeated failures");
                });
        assertThat(wire.fabric("GET", WORKSPACE_PATH)).as("the open breaker sent nothing").hasSize(4);
    }

    @Test
    void aNameStillHeldAfterADeleteIsRetriedOnItsErrorCodeWhateverTheStatus() {
        FabricClient client = client(EmulatorSettings.of(emulator));
        emulator.admin().addFault(Fault.nameHeld(1500, 400));
        String first = client.lakehouses().create(workspaceId, "Reborn").id();
        client.lakehouses().delete(workspaceId, first);

        String second = client.lakehouses().create(workspaceId, "Reborn").id();

        assertThat(second).isNotEqualTo(first);
        assertThat(wire.fabric("POST", ".*/lakehouses")).extracting(RecordingHttpClient.Exchange::status).contains(400).last()
                .isEqualTo(202);
        assertThat(spans.spans.stream().filter(s -> s.getName().equals("Fabric POST /workspaces/{workspaceId}/lakehouses"))
                .mapToLong(s -> events(s, FabricTelemetry.EVENT_NAME_NOT_AVAILABLE)).sum()).isPositive();
    }

    @Test
    void aNameHeldBeyondItsBudgetFailsWithFabricsCode() {
        FabricClient client = client(EmulatorSettings.of(emulator)
                .withRetry(new FabricSettings.Retry(3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofSeconds(1))));
        emulator.admin().addFault(Fault.nameHeld(60_000, 409));
        client.lakehouses().delete(workspaceId, client.lakehouses().create(workspaceId, "Held").id());

        assertThatThrownBy(() -> client.lakehouses().create(workspaceId, "Held"))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("ItemDisplayNameNotAvailableYet");
                    assertThat(e.retriable()).isTrue();
                });
    }

    @Test
    void anOperationLocationOnAnotherHostIsRefusedAndNeverGetsTheToken() {
        // The client knows the emulator as "localhost" (all three endpoints); its Location headers name 127.0.0.1: a
        // foreign host here.
        URI api = URI.create(emulator.fabricApiUrl().replace("127.0.0.1", "localhost"));
        FabricClient client = client(EmulatorSettings.of(emulator).withApiUrl(api)
                .withOneLakeUrl(URI.create(emulator.oneLakeUrl().replace("127.0.0.1", "localhost")))
                .withPowerBiUrl(URI.create(emulator.powerBiApiUrl().replace("127.0.0.1", "localhost"))).withAllowedHosts(List.of()));

        assertThatThrownBy(() -> client.lakehouses().create(workspaceId, "Elsewhere"))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ClientErrorCodes.UNTRUSTED_HOST);
                    assertThat(e.getMessage()).contains("'127.0.0.1'", "not an allowed Fabric host");
                    assertThat(e.retriable()).isFalse();
                });
        assertThat(wire.fabric("POST", ".*/lakehouses")).extracting(e -> e.url().getHost()).containsExactly("localhost");
        assertThat(wire.exchanges).filteredOn(e -> e.path().startsWith("/v1/")).allSatisfy(e -> assertThat(e.url().getHost())
                .isEqualTo("localhost"));
        assertThat(wire.exchanges).filteredOn(RecordingHttpClient.Exchange::bearer).allSatisfy(e -> assertThat(e.url().getHost())
                .isEqualTo("localhost"));
    }

    @Test
    void aContinuationUriOnAnotherHostIsRefusedToo() {
        emulator.admin().pageSize(1);
        emulator.admin().createWorkspace("Second");
        URI api = URI.create(emulator.fabricApiUrl().replace("127.0.0.1", "localhost"));
        FabricClient client = client(EmulatorSettings.of(emulator).withApiUrl(api)
                .withOneLakeUrl(URI.create(emulator.oneLakeUrl().replace("127.0.0.1", "localhost")))
                .withPowerBiUrl(URI.create(emulator.powerBiApiUrl().replace("127.0.0.1", "localhost"))).withAllowedHosts(List.of()));

        assertThatThrownBy(() -> client.workspaces().list())
                .isInstanceOfSatisfying(FabricException.class, e -> assertThat(e.errorCode()).isEqualTo(ClientErrorCodes.UNTRUSTED_HOST));
        assertThat(wire.exchanges).filteredOn(e -> e.path().startsWith("/v1/")).hasSize(1);
    }
}
