package io.weft.fabric.client.config;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.fabric.client.FabricClient;
import io.weft.fabric.client.http.RecordingSleeper;
import io.weft.fabric.client.lakehouse.Lakehouse;
import io.weft.fabric.client.lakehouse.LakehouseClient;
import io.weft.fabric.client.workspace.WorkspaceClient;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.fabric.FabricEmulatorResource;
import io.weft.testsupport.fabric.InjectFabricEmulator;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The CDI face of the library: beans configured by {@code weft.fabric.*}, here pointed at the emulator. */
@QuarkusTest
@QuarkusTestResource(value = FabricEmulatorResource.class, initArgs = { @ResourceArg(name = "page-size", value = "2"),
        @ResourceArg(name = "retry-after-seconds", value = "20"), @ResourceArg(name = "operation-duration-ms", value = "500") })
class FabricClientCdiTest {

    @InjectFabricEmulator
    FabricEmulator emulator;

    @Inject
    FabricClientConfig config;

    @Inject
    WorkspaceClient workspaces;

    @Inject
    LakehouseClient lakehouses;

    @Inject
    FabricClient client;

    @Inject
    RecordingSleeper waits;

    @Test
    void beansAreConfiguredFromWeftFabricProperties() {
        assertThat(config.apiUrl().toString()).isEqualTo(emulator.fabricApiUrl());
        assertThat(config.auth().method()).isEqualTo(AuthMethod.CLIENT_SECRET);
        assertThat(config.operations().budget()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.operations().initialDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.toSettings().auth().toString()).doesNotContain(emulator.clientSecret()).contains("clientSecret=***");
        assertThat(client.workspaces()).isSameAs(workspaces);
    }

    @Test
    void injectedClientsTalkToFabric() {
        for (int i = 0; i < 3; i++) {
            emulator.admin().createWorkspace("cdi-" + i);
        }
        String workspaceId = workspaces.resolve("cdi-2").id();

        waits.clear();
        // Fabric creates a lakehouse at once (201); made a 202 here so the injected client's polling is seen
        emulator.admin().createStatus("Lakehouse", 202);
        Lakehouse created = lakehouses.create(workspaceId, "CdiLake");

        assertThat(lakehouses.findByName(workspaceId, "CdiLake")).map(Lakehouse::id).contains(created.id());
        // weft.fabric.polling.record-waits made the recording sleeper the client's: its waits are the announced ones.
        assertThat(waits.pollWaitsByOperation()).hasSize(1).allSatisfy((operation, polls) -> assertThat(polls).isNotEmpty()
                .allSatisfy(w -> assertThat(w).isEqualTo(Duration.ofSeconds(20))));
        assertThat(config.polling().timeScale()).isEqualTo(100.0);
    }
}
