package io.weft.fabric.client;

import io.opentelemetry.api.OpenTelemetry;
import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.client.http.RecordingSleeper;
import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.FabricEmulator;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The graph scenario and a semantic model deploy against the emulator's <b>realistic</b> profile: Retry-After of
 * 20/30/60/120 s, operations of 7 s median, creates 201 or 202 per item type, and operation Locations on a second
 * host (127.0.0.2) that the client must be configured to trust. Both sides run 100 times faster than Fabric (the
 * emulator's time-scale and the client's {@code weft.fabric.polling.time-scale}); the client's waits are read from
 * its {@link RecordingSleeper} in announced (unscaled) seconds.
 */
class RealisticProfileEndToEndTest {

    private static final Logger LOG = Logger.getLogger(RealisticProfileEndToEndTest.class);
    private static final double SCALE = 100;

    private FabricEmulator emulator;

    @BeforeEach
    void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().timeScale(SCALE).seed(15));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private com.azure.core.http.HttpClient http() {
        FabricSettings s = EmulatorSettings.of(emulator);
        return io.weft.fabric.client.http.TrustingHttpClients.create(s.trustCertificate(), s.http());
    }

    private FabricSettings settings(List<String> allowedHosts) {
        return EmulatorSettings.of(emulator).withAllowedHosts(allowedHosts).withPolling(new FabricSettings.Polling(SCALE))
                .withOperations(new FabricSettings.Operations(Duration.ofMinutes(30), Duration.ofSeconds(2), Duration.ofMinutes(2)));
    }

    @Test
    void theGraphScenarioAndASemanticModelDeployRunOnTheRealisticProfile() {
        assertThat(emulator.operationsHost()).isEqualTo("127.0.0.2");
        RecordingSleeper sleeper = RecordingSleeper.over(Sleeper.scaled(SCALE));
        FabricClient client = FabricClient.create(settings(List.of(emulator.operationsHost())), OpenTelemetry.noop(),
                http(), sleeper);
        emulator.admin().createWorkspace(GraphScenario.WORKSPACE);
        long started = System.nanoTime();

        GraphScenario.run(client);
        String workspaceId = client.workspaces().resolve(GraphScenario.WORKSPACE).id();
        FabricItem model = client.semanticModels().create(workspaceId, "Sales", null, ItemDefinitionsTest.tmdl("Orders"), ProgressListener.NONE);
        assertThat(model.type()).isEqualTo("SemanticModel");
        assertThat(client.semanticModels().getDefinition(workspaceId, model.id(), null, ProgressListener.NONE)
                .part("definition/tables/Orders.tmdl")).isPresent();
        Duration wall = Duration.ofNanos(System.nanoTime() - started);

        Map<String, List<Duration>> polls = sleeper.pollWaitsByOperation();
        // two table loads, the ontology create, its getDefinition, the model create and its getDefinition (the
        // lakehouse create is a 201: no operation)
        assertThat(polls).hasSize(6);
        List<String> report = new ArrayList<>();
        polls.forEach((operation, waits) -> {
            // no poll before the announced Retry-After: every wait is one of Fabric's Retry-After values, never less
            assertThat(waits).as("waits of %s", operation).isNotEmpty()
                    .allSatisfy(w -> assertThat(w.toSeconds()).isIn(20L, 30L, 60L, 120L));
            // completion seen within one Retry-After: operations last 61 s at most, so at most 61/20 + 1 polls
            assertThat(waits.size()).as("polls of %s", operation).isLessThanOrEqualTo(4);
            report.add(operation.substring(0, 8) + ": " + waits.size() + " poll(s) after " + waits);
        });
        // the wall time is reported, not asserted: speed is measured by the benchmark harness, not by unit tests
        LOG.infof("Realistic profile at time-scale %s: wall time %d ms; polls per operation: %s", SCALE, wall.toMillis(), report);
    }

    @Test
    void anOperationHostOutsideTheAllowListIsRefusedBeforeItGetsAToken() {
        FabricClient client = FabricClient.create(settings(FabricSettings.DEFAULT_ALLOWED_HOSTS), OpenTelemetry.noop(),
                http(), RecordingSleeper.over(Sleeper.scaled(SCALE)));
        String workspaceId = emulator.admin().createWorkspace("Untrusted WS");
        assertThatThrownBy(() -> client.semanticModels().create(workspaceId, "Refused", null, ItemDefinitionsTest.tmdl("T"), ProgressListener.NONE))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ClientErrorCodes.UNTRUSTED_HOST);
                    assertThat(e.getMessage()).contains("'127.0.0.2'").contains("weft.fabric.allowed-hosts");
                });
    }
}
