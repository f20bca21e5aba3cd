package io.weft.fabric.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Polls long-running operations the way clients do. */
final class FabricRestTestSupport {

    private FabricRestTestSupport() {
    }

    /** Follows a 202's Location until the operation ends; returns the final OperationState. */
    static JsonNode awaitOperation(FabricEmulator emulator, EmulatorClients clients, EmulatorClients.Response accepted) {
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return awaitOperation(emulator, clients, accepted.header("Location"));
    }

    /** Follows an operation's Location until the operation ends; returns the final OperationState. */
    static JsonNode awaitOperation(FabricEmulator emulator, EmulatorClients clients, String location) {
        assertThat(location).startsWith(emulator.operationsApiUrl() + "/operations/");
        AtomicReference<JsonNode> state = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            var poll = clients.fabric("GET", location, null);
            state.set(poll.json());
            return poll.status() == 200 && !java.util.Set.of("NotStarted", "Running").contains(poll.json().path("status").asText());
        });
        return state.get();
    }
}
