package io.weft.fabric.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.OpenTelemetry;
import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.client.lakehouse.Lakehouse;
import io.weft.fabric.client.operation.OperationProgress;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.Fault;
import io.weft.testsupport.fabric.FabricEmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.weft.fabric.client.http.RecordingSleeper;
import io.weft.fabric.client.http.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Long-running operations against the emulator, timed on the wire. */
@ExtendWith(FabricEmulatorExtension.class)
class OperationPollerTest {

    private FabricEmulator emulator;
    private String workspaceId;
    private RecordingHttpClient wire;

    @BeforeEach
    void setUp(FabricEmulator emulator) {
        this.emulator = emulator;
        emulator.admin().reset();
        emulator.admin().longRunningOperations(true).pageSize(100);
        workspaceId = emulator.admin().createWorkspace("Ops WS");
    }

    private FabricClient client(FabricSettings settings) {
        wire = new RecordingHttpClient(settings);
        return FabricClient.create(settings, OpenTelemetry.noop(), wire);
    }

    private FabricClient client(FabricSettings settings, Sleeper sleeper) {
        wire = new RecordingHttpClient(settings);
        return FabricClient.create(settings, OpenTelemetry.noop(), wire, sleeper);
    }

    @Test
    void honoursRetryAfterExactlyAndSeesCompletionWithinOneRetryAfter() {
        emulator.admin().retryAfterSeconds(2).operationDuration(Duration.ofMillis(4500));
        FabricClient client = client(EmulatorSettings.of(emulator));

        Lakehouse lakehouse = client.lakehouses().create(workspaceId, "Timed");
        assertThat(lakehouse.displayName()).isEqualTo("Timed");

        RecordingHttpClient.Exchange accepted = wire.fabric("POST", ".*/lakehouses").get(0);
        assertThat(accepted.status()).isEqualTo(202);
        List<RecordingHttpClient.Exchange> polls = wire.fabric("GET", "/v1/operations/[^/]+");
        assertThat(polls).hasSizeGreaterThanOrEqualTo(2);
        Duration retryAfter = Duration.ofSeconds(2);
        Instant previousAnswer = accepted.answered();
        for (RecordingHttpClient.Exchange poll : polls) {
            assertThat(Duration.between(previousAnswer, poll.sent())).as("never polls before Retry-After")
                    .isGreaterThanOrEqualTo(retryAfter);
            previousAnswer = poll.answered();
        }
        JsonNode operation = emulator.admin().state().path("operations").get(0);
        Instant completed = LocalDateTime.parse(operation.path("lastUpdatedTimeUtc").asText()).toInstant(ZoneOffset.UTC);
        RecordingHttpClient.Exchange detecting = polls.get(polls.size() - 1);
        RecordingHttpClient.Exchange beforeIt = polls.get(polls.size() - 2);
        assertThat(beforeIt.sent()).as("the previous poll saw it Running").isBefore(completed);
        Duration detectionLag = Duration.between(completed, detecting.sent());
        System.out.printf("LRO: %d polls, completion detected %d ms after it happened (Retry-After %d ms)%n", polls.size(),
                detectionLag.toMillis(), retryAfter.toMillis());
        // within one Retry-After of completion, plus the previous poll's own round trip on this loaded machine
        assertThat(detectionLag).isLessThanOrEqualTo(retryAfter.plus(Duration.between(beforeIt.sent(), beforeIt.answered()))
                .plusMillis(250));
        assertThat(wire.fabric("GET", "/v1/operations/[^/]+/result")).hasSize(1);
    }

    @Test
    void backsOffExponentiallyWhenFabricSendsNoUsableRetryAfter() {
        emulator.admin().retryAfterSeconds(0).operationDuration(Duration.ofMillis(3500));
        FabricClient client = client(EmulatorSettings.of(emulator)
                .withOperations(new FabricSettings.Operations(Duration.ofMinutes(1), Duration.ofMillis(200), Duration.ofMillis(1600))));

        client.lakehouses().create(workspaceId, "Backoff");

        List<RecordingHttpClient.Exchange> polls = wire.fabric("GET", "/v1/operations/[^/]+");
        List<Long> gaps = new ArrayList<>();
        Instant previous = wire.fabric("POST", ".*/lakehouses").get(0).answered();
        for (RecordingHttpClient.Exchange poll : polls) {
            gaps.add(Duration.between(previous, poll.sent()).toMillis());
            previous = poll.answered();
        }
        System.out.println("LRO backoff gaps (ms): " + gaps);
        assertThat(polls.size()).as("no busy loop on Retry-After: 0").isBetween(3, 8);
        assertThat(gaps.get(0)).isBetween(150L, 1000L);
        assertThat(gaps.get(gaps.size() - 1)).as("grew towards max-delay").isGreaterThan(gaps.get(0));
        assertThat(gaps).allSatisfy(g -> assertThat(g).isLessThanOrEqualTo(1600L + 500L));
    }

    @Test
    void aBudgetExceededIsAClearTimeout() {
        emulator.admin().retryAfterSeconds(1);
        emulator.admin().addFault(Fault.slowOperations("CreateItem", 120_000));
        // The budget is spent on a virtual clock: the waits are recorded, not taken, and asserted below.
        RecordingSleeper sleeper = RecordingSleeper.virtual();
        FabricClient client = client(EmulatorSettings.of(emulator)
                .withOperations(new FabricSettings.Operations(Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(1))),
                sleeper);

        assertThatThrownBy(() -> client.lakehouses().create(workspaceId, "Slow"))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ClientErrorCodes.OPERATION_TIMED_OUT);
                    assertThat(e.getMessage()).startsWith("[OperationTimedOut] Fabric operation ")
                            .contains("did not finish within its PT3S budget")
                            // The virtual budget passes in no real time: the operation is still in either pending state.
                            .containsPattern("last status (NotStarted|Running);");
                    assertThat(e.retriable()).isTrue();
                });
        List<List<Duration>> polls = List.copyOf(sleeper.pollWaitsByOperation().values());
        assertThat(polls).as("one operation polled").hasSize(1);
        List<Duration> waits = polls.get(0);
        assertThat(waits).as("polled within the budget, never waiting more than Retry-After or the ceiling").isNotEmpty()
                .allSatisfy(w -> assertThat(w).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
        assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus)).as("waits add up to no more than the budget")
                .isLessThanOrEqualTo(Duration.ofSeconds(3)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aFailedOperationCarriesErrorCodeMessageAndRequestId() {
        emulator.admin().retryAfterSeconds(1);
        emulator.admin().addFault(Fault.operationFailure("CreateItem", "CapacityNotInActiveState", "The capacity is paused"));
        FabricClient client = client(EmulatorSettings.of(emulator));
        List<OperationProgress> progress = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> client.lakehouses().create(workspaceId, "Paused", null, false, progress::add))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("[CapacityNotInActiveState] The capacity is paused");
                    assertThat(e.errorCode()).isEqualTo("CapacityNotInActiveState");
                    assertThat(e.requestId()).isNotBlank();
                });
        assertThat(progress).extracting(OperationProgress::status).last().isEqualTo("Failed");
    }

    @Test
    void anOperationWithoutResultEndsQuietly() {
        emulator.admin().retryAfterSeconds(1);
        FabricClient client = client(EmulatorSettings.of(emulator));
        Lakehouse lakehouse = client.lakehouses().create(workspaceId, "NoResult");
        client.ontologies().create(workspaceId, "Onto", null, null, ProgressListener.NONE);
        String ontologyId = client.ontologies().findByName(workspaceId, "Onto").orElseThrow().id();

        client.ontologies().updateDefinition(workspaceId, ontologyId,
                io.weft.fabric.client.item.ItemDefinition.of(null, io.weft.fabric.client.item.DefinitionPart.inline("definition.json", "{}")),
                ProgressListener.NONE);

        assertThat(lakehouse.id()).isNotBlank();
        assertThat(wire.fabric("GET", "/v1/operations/[^/]+/result")).extracting(RecordingHttpClient.Exchange::status)
                .as("updateDefinition's /result answers OperationHasNoResult").contains(400);
    }
}
