package io.weft.fabric.client;

import io.opentelemetry.api.OpenTelemetry;
import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.client.http.FabricCall;
import io.weft.fabric.client.http.RecordingSleeper;
import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.client.operation.OperationProgress;
import io.weft.fabric.client.workspace.Workspace;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.Fault;
import io.weft.testsupport.fabric.FabricEmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The polling protocol's edges against the emulator over the real Azure SDK pipeline: states the client does not
 * know, relative and foreign-host URLs, long Retry-After values and the polling host's circuit breaker. Waits are
 * asserted on a {@link RecordingSleeper} (what the client asked for), never on wall-clock windows; where the
 * operation must really progress, the client runs at a time-scale and the emulator's operation lasts the matching
 * (scaled) real time.
 */
@ExtendWith(FabricEmulatorExtension.class)
class PollingProtocolTest {

    private static final String POLL_PATH = "/v1/operations/[^/]+";

    private FabricEmulator emulator;
    private String workspaceId;
    private RecordingHttpClient wire;
    private RecordingSleeper sleeper;

    @BeforeEach
    void setUp(FabricEmulator emulator) {
        this.emulator = emulator;
        emulator.admin().reset();
        emulator.admin().longRunningOperations(true).pageSize(100);
        workspaceId = emulator.admin().createWorkspace("Polling WS");
    }

    private FabricClient client(FabricSettings settings, RecordingSleeper sleeper) {
        this.sleeper = sleeper;
        wire = new RecordingHttpClient(settings);
        return FabricClient.create(settings, OpenTelemetry.noop(), wire, sleeper);
    }

    /** The client knows the emulator as "localhost"; its Location headers name 127.0.0.1: another host, as in Fabric. */
    private FabricSettings viaLocalhost(List<String> allowedHosts) {
        return EmulatorSettings.of(emulator).withApiUrl(URI.create(emulator.fabricApiUrl().replace("127.0.0.1", "localhost")))
                .withOneLakeUrl(URI.create(emulator.oneLakeUrl().replace("127.0.0.1", "localhost"))).withAllowedHosts(allowedHosts);
    }

    private static List<Duration> only(Map<String, List<Duration>> byOperation) {
        assertThat(byOperation).hasSize(1);
        return byOperation.values().iterator().next();
    }

    @ParameterizedTest(name = "Retry-After {0} s")
    @CsvSource({ "20, 100", "120, 600" })
    void aLongRetryAfterIsHonouredExactlyWithNoPollBeforeIt(int retryAfterSeconds, double timeScale) {
        // 2.5 Retry-Afters of operation, in the client's scaled time: it must see Running twice, then Succeeded.
        emulator.admin().retryAfterSeconds(retryAfterSeconds)
                .operationDuration(Duration.ofMillis((long) (2.5 * retryAfterSeconds * 1000 / timeScale)));
        FabricClient client = client(EmulatorSettings.of(emulator).withPolling(new FabricSettings.Polling(timeScale))
                .withOperations(new FabricSettings.Operations(Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofSeconds(30))),
                RecordingSleeper.over(Sleeper.scaled(timeScale)));
        List<OperationProgress> progress = new CopyOnWriteArrayList<>();

        client.lakehouses().create(workspaceId, "Patient", null, false, progress::add);

        List<Duration> waits = only(sleeper.pollWaitsByOperation());
        assertThat(waits).as("every wait is exactly the announced Retry-After").isNotEmpty()
                .allSatisfy(w -> assertThat(w).isEqualTo(Duration.ofSeconds(retryAfterSeconds)));
        assertThat(wire.fabric("GET", POLL_PATH)).as("one poll per recorded wait: zero polls before Retry-After")
                .hasSameSizeAs(waits);
        // Completion seen by the first poll after it: every earlier poll saw Running, none came after Succeeded.
        List<String> statuses = progress.stream().map(OperationProgress::status).toList();
        assertThat(statuses).hasSizeGreaterThanOrEqualTo(2).last().isEqualTo("Succeeded");
        assertThat(statuses.subList(0, statuses.size() - 1)).containsOnly("Running");
        System.out.printf("Retry-After %d s at time-scale %.0f: %d polls, waits %s%n", retryAfterSeconds, timeScale,
                waits.size(), waits);
    }

    @ParameterizedTest(name = "state {0}")
    @ValueSource(strings = { "Undefined", "Queued" })
    void anUndefinedOrUnknownStateIsPolledOnAndReported(String state) {
        emulator.admin().retryAfterSeconds(20).operationDuration(Duration.ofMillis(500));
        emulator.admin().addFault(Fault.pollState(state, 2));
        FabricClient client = client(EmulatorSettings.of(emulator).withPolling(new FabricSettings.Polling(100))
                .withOperations(new FabricSettings.Operations(Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofSeconds(30))),
                RecordingSleeper.over(Sleeper.scaled(100)));
        List<OperationProgress> progress = new CopyOnWriteArrayList<>();

        assertThat(client.lakehouses().create(workspaceId, "Patient " + state, null, false, progress::add).displayName())
                .isEqualTo("Patient " + state);

        assertThat(progress).extracting(OperationProgress::status).startsWith(state, state).last().isEqualTo("Succeeded");
        assertThat(only(sleeper.pollWaitsByOperation())).allSatisfy(w -> assertThat(w).isEqualTo(Duration.ofSeconds(20)));
    }

    @Test
    void anOperationStuckInUndefinedEndsAtTheBudgetWithItsLastState() {
        emulator.admin().retryAfterSeconds(20);
        emulator.admin().addFault(Fault.slowOperations("CreateItem", 600_000));
        emulator.admin().addFault(Fault.pollState("Undefined", 1000));
        FabricClient client = client(EmulatorSettings.of(emulator)
                .withOperations(new FabricSettings.Operations(Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(30))),
                RecordingSleeper.virtual());

        assertThatThrownBy(() -> client.lakehouses().create(workspaceId, "Limbo"))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ClientErrorCodes.OPERATION_TIMED_OUT);
                    assertThat(e.getMessage()).contains("within its PT1M budget", "last status Undefined");
                });
        // 20 s + 20 s spent; a third 20 s wait would end past the 60 s budget, so it is not taken and nothing polls early.
        assertThat(only(sleeper.pollWaitsByOperation())).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(20));
        assertThat(wire.fabric("GET", POLL_PATH)).hasSize(2);
    }

    @Test
    void throttlingStopsAtItsBudgetOnTheRecordingClock() {
        FabricClient client = client(EmulatorSettings.of(emulator)
                .withThrottling(new FabricSettings.Throttling(Duration.ofSeconds(60), Duration.ofSeconds(30))), RecordingSleeper.virtual());
        emulator.admin().addFault(Fault.throttle(100, 20).matching("GET", "/v1/workspaces/[^/]+"));

        assertThatThrownBy(() -> client.workspaces().get(workspaceId)).isInstanceOfSatisfying(FabricException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ClientErrorCodes.THROTTLED_BEYOND_BUDGET));

        // 20 s + 20 s; a third wait would end past 60 s, so the client gives up instead of taking it.
        assertThat(sleeper.waits(Sleeper.THROTTLED)).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(20));
        assertThat(wire.fabric("GET", "/v1/workspaces/[^/]+")).hasSize(3);
    }

    @Test
    void aForeignHostLocationOnTheAllowListIsFollowed() {
        emulator.admin().retryAfterSeconds(1).operationDuration(Duration.ofMillis(200));
        FabricClient client = client(viaLocalhost(List.of("127.0.0.1")), RecordingSleeper.over(Sleeper.THREAD));

        client.lakehouses().create(workspaceId, "Regional");

        assertThat(wire.fabric("POST", ".*/lakehouses")).extracting(e -> e.url().getHost()).containsExactly("localhost");
        assertThat(wire.fabric("GET", POLL_PATH)).isNotEmpty().allSatisfy(e -> {
            assertThat(e.url().getHost()).isEqualTo("127.0.0.1");
            assertThat(e.bearer()).as("an allowed host gets the token").isTrue();
        });
        assertThat(wire.fabric("GET", POLL_PATH + "/result")).extracting(e -> e.url().getHost()).containsExactly("127.0.0.1");
    }

    @Test
    void aRelativeResultLocationResolvesAgainstThePollsUrlNotTheApiUrl() {
        emulator.admin().retryAfterSeconds(1).operationDuration(Duration.ofMillis(200));
        // The 202 names the other host absolutely; that host's polls answer with a relative /result Location.
        emulator.admin().addFault(Fault.relativeUrls().matching("GET", POLL_PATH));
        FabricClient client = client(viaLocalhost(List.of("127.0.0.1")), RecordingSleeper.over(Sleeper.THREAD));

        assertThat(client.lakehouses().create(workspaceId, "Relative").displayName()).isEqualTo("Relative");

        assertThat(wire.fabric("GET", POLL_PATH + "/result")).extracting(e -> e.url().getHost()).containsExactly("127.0.0.1");
    }

    @Test
    void aRelativeOperationLocationResolvesAgainstTheRequestUrl() {
        emulator.admin().retryAfterSeconds(1).operationDuration(Duration.ofMillis(200));
        emulator.admin().addFault(Fault.relativeUrls());
        FabricClient client = client(viaLocalhost(List.of()), RecordingSleeper.over(Sleeper.THREAD));

        assertThat(client.lakehouses().create(workspaceId, "AllRelative").displayName()).isEqualTo("AllRelative");

        assertThat(wire.exchanges).filteredOn(e -> e.path().startsWith("/v1/operations/")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.url().getHost()).isEqualTo("localhost"));
    }

    @Test
    void aRelativeContinuationUriResolvesAgainstThePageUrl() {
        emulator.admin().pageSize(1);
        emulator.admin().createWorkspace("Second");
        emulator.admin().addFault(Fault.relativeUrls().matching("GET", "/v1/workspaces"));
        FabricClient client = client(viaLocalhost(List.of()), RecordingSleeper.virtual());

        assertThat(client.workspaces().list()).extracting(Workspace::displayName).contains("Polling WS", "Second");

        List<RecordingHttpClient.Exchange> pages = wire.fabric("GET", "/v1/workspaces");
        assertThat(pages).hasSizeGreaterThanOrEqualTo(2).allSatisfy(e -> assertThat(e.url().getHost()).isEqualTo("localhost"));
        assertThat(pages.get(1).url().getQuery()).contains("continuationToken=");
    }

    @Test
    void throttlingWaitsExactlyEachRetryAfterOnTheRecordingClock() {
        FabricClient client = client(EmulatorSettings.of(emulator)
                .withThrottling(new FabricSettings.Throttling(Duration.ofMinutes(5), Duration.ofSeconds(30))), RecordingSleeper.virtual());
        emulator.admin().addFault(Fault.throttle(3, 20).matching("GET", "/v1/workspaces/[^/]+"));

        assertThat(client.workspaces().get(workspaceId).displayName()).isEqualTo("Polling WS");

        assertThat(sleeper.waits(Sleeper.THROTTLED)).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(20),
                Duration.ofSeconds(20));
        assertThat(wire.fabric("GET", "/v1/workspaces/[^/]+")).extracting(RecordingHttpClient.Exchange::status)
                .containsExactly(429, 429, 429, 200);
    }

    @Test
    void thePollingHostsCircuitBreakerOpensAtItsThresholdAndRecovers() {
        emulator.admin().retryAfterSeconds(1).operationDuration(Duration.ofMillis(100));
        FabricClient client = client(viaLocalhost(List.of("127.0.0.1"))
                .withRetry(new FabricSettings.Retry(0, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(300), Duration.ofSeconds(5)))
                .withCircuitBreaker(new FabricSettings.CircuitBreaker(2, 0.5, Duration.ofMillis(500), 1)),
                RecordingSleeper.virtual());
        emulator.admin().addFault(Fault.serverErrors(1000, 503).matching("GET", POLL_PATH));

        for (int i = 0; i < 2; i++) {
            int n = i;
            assertThatThrownBy(() -> client.lakehouses().create(workspaceId, "Broken " + n))
                    .isInstanceOfSatisfying(FabricException.class, e -> assertThat(e.errorCode()).isEqualTo("ServiceUnavailable"));
        }
        // Two failures in a window of two: the polling host's breaker is open; the API host's is not.
        assertThatThrownBy(() -> client.lakehouses().create(workspaceId, "Refused"))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ClientErrorCodes.CIRCUIT_BREAKER_OPEN);
                    assertThat(e.getMessage()).contains("Fabric host 127.0.0.1:");
                });
        assertThat(wire.fabric("POST", ".*/lakehouses")).hasSize(3).allSatisfy(e -> assertThat(e.status()).isEqualTo(202));
        assertThat(wire.fabric("GET", POLL_PATH)).as("the open breaker sent no poll").hasSize(2);

        emulator.admin().clearFaults();
        URI onPollingHost = URI.create(emulator.fabricApiUrl() + "/workspaces/" + workspaceId);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreException(FabricException.class)
                .until(() -> client.http().send(FabricCall.absolute("/workspaces/{workspaceId}", onPollingHost)).status() == 200);
        assertThat(client.lakehouses().create(workspaceId, "Recovered").displayName()).isEqualTo("Recovered");
    }
}
