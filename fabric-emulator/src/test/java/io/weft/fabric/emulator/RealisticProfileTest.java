package io.weft.fabric.emulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On the wire like Fabric by default: the realistic profile's 202 announces an unscaled Retry-After from Fabric's set
 * and a JSON {@code null} body, every poll repeats it, and operations go NotStarted → Running → Succeeded.
 */
class RealisticProfileTest {

    private FabricEmulator emulator;

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void aRealistic202AnnouncesFabricsRetryAfterUnscaledAndANullBodyAndCompletesInScaledTime() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().timeScale(1000).seed(3));
        EmulatorClients clients = new EmulatorClients(emulator);
        String ws = emulator.admin().createWorkspace("realistic-" + UUID.randomUUID());
        List<String> announced = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var accepted = clients.fabric("POST", "/workspaces/" + ws + "/notebooks", Map.of("displayName", "nb" + i));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            assertThat(accepted.raw().body()).isEqualTo("null");
            assertThat(accepted.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            String retryAfter = accepted.header("Retry-After");
            assertThat(retryAfter).isIn("20", "30", "60", "120");
            announced.add(retryAfter);
            String id = accepted.header("x-ms-operation-id");
            assertThat(accepted.header("Location")).isEqualTo(emulator.operationsApiUrl() + "/operations/" + id);
            // 61 s at most, divided by 1000: done well within a few seconds of wall time
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
                var poll = clients.fabric("GET", accepted.header("Location"), null);
                if (!poll.json().path("status").asText().equals("Succeeded")) {
                    assertThat(poll.header("Retry-After")).as("every poll repeats the 202's Retry-After").isEqualTo(retryAfter);
                }
                assertThat(poll.json().path("status").asText()).isEqualTo("Succeeded");
                assertThat(poll.header("Location")).isEqualTo(emulator.operationsApiUrl() + "/operations/" + id + "/result");
                assertThat(poll.header("Retry-After")).isNull();
            });
        }
        assertThat(announced).as("seed 3 draws").hasSize(5);
    }

    @Test
    void theDefaultIsRealisticAndTheFastProfileIsExplicit() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults());
        EmulatorClients clients = new EmulatorClients(emulator);
        var settings = clients.send("GET", emulator.baseUrl() + "/_emulator/settings", null, null);
        assertThat(settings.json().path("profile").asText()).isEqualTo("REALISTIC");
        assertThat(settings.json().path("timeScale").asDouble()).isEqualTo(1.0);
        emulator.close();
        emulator = FabricEmulator.start(EmulatorOptions.defaults().fast());
        var fast = new EmulatorClients(emulator).send("GET", emulator.baseUrl() + "/_emulator/settings", null, null);
        assertThat(fast.json().path("profile").asText()).isEqualTo("FAST");
    }

    @Test
    void anOperationIsNotStartedThenRunningThenSucceeded() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().fast().operationDuration(Duration.ofSeconds(3)));
        EmulatorClients clients = new EmulatorClients(emulator);
        String ws = emulator.admin().createWorkspace("states-" + UUID.randomUUID());
        var accepted = clients.fabric("POST", "/workspaces/" + ws + "/notebooks", Map.of("displayName", "States"));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.header("Retry-After")).isEqualTo("1");
        String location = accepted.header("Location");
        List<String> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
            String status = clients.fabric("GET", location, null).json().path("status").asText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            return !Set.of("NotStarted", "Running").contains(status);
        });
        assertThat(seen).containsExactly("NotStarted", "Running", "Succeeded");
    }

    @Test
    void routesMatchCaseInsensitivelyAndResponsesNameTheirHomeCluster() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().fast());
        EmulatorClients clients = new EmulatorClients(emulator);
        String ws = emulator.admin().createWorkspace("case-" + UUID.randomUUID());
        var lower = clients.fabric("GET", "/workspaces/" + ws + "/items", null);
        var mixed = clients.fabric("GET", "/Workspaces/" + ws + "/Items", null);
        assertThat(mixed.status()).isEqualTo(200);
        assertThat(mixed.json()).isEqualTo(lower.json());
        assertThat(mixed.header("request-redirected")).isEqualTo("false");
        assertThat(mixed.header("home-cluster-uri")).isEqualTo(emulator.baseUrl() + "/");
        var missing = clients.fabric("GET", "/workspaces/" + UUID.randomUUID(), null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("home-cluster-uri")).as("errors too").isEqualTo(emulator.baseUrl() + "/");
    }
}
