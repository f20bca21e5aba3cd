package io.weft.fabric.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.fabric.emulator.fabric.Capacities;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every fault of the admin API, seen from a client, through the in-process API and the HTTP admin API. */
class FaultInjectionTest {

    static FabricEmulator emulator;
    static EmulatorClients clients;

    @BeforeAll
    static void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().operationDuration(Duration.ofMillis(200)).retryAfterSeconds(0));
        clients = new EmulatorClients(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void clear() {
        emulator.admin().clearFaults();
    }

    EmulatorClients.Response admin(String method, String path, Object body) {
        return clients.send(method, emulator.baseUrl() + "/_emulator" + path, body, null);
    }

    @Test
    void throttlesTheNextRequestsWithRequestBlockedAndRetryAfter() {
        String token = "Bearer " + clients.fabricToken();
        var added = admin("POST", "/faults", Map.of("kind", "throttle", "count", 2, "retryAfterSeconds", 27));
        assertThat(added.status()).isEqualTo(201);
        for (int i = 0; i < 2; i++) {
            var blocked = clients.send("GET", emulator.fabricApiUrl() + "/workspaces", null, token);
            assertThat(blocked.status()).isEqualTo(429);
            assertThat(blocked.header("Retry-After")).isEqualTo("27");
            assertThat(blocked.header("x-ms-public-api-error-code")).isEqualTo("RequestBlocked");
            assertThat(blocked.header("RequestId")).isNotBlank();
            assertThat(blocked.json().path("errorCode").asText()).isEqualTo("RequestBlocked");
            assertThat(blocked.json().path("message").asText()).startsWith("Request is blocked by the upstream service until: ").endsWith("(UTC)");
            assertThat(blocked.json().path("requestId").asText()).isEqualTo(blocked.header("RequestId"));
        }
        assertThat(clients.send("GET", emulator.fabricApiUrl() + "/workspaces", null, token).status()).isEqualTo(200);
        assertThat(admin("GET", "/faults", null).json().path("faults")).isEmpty();
    }

    @Test
    void throttlesOnlyMatchingMethodAndPath() {
        String token = "Bearer " + clients.fabricToken();
        emulator.admin().addFault(Fault.throttle(1, 5).matching("POST", "/v1/workspaces"));
        assertThat(clients.send("GET", emulator.fabricApiUrl() + "/workspaces", null, token).status()).isEqualTo(200);
        var blocked = clients.send("POST", emulator.fabricApiUrl() + "/workspaces", Map.of("displayName", "x-" + UUID.randomUUID()), token);
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.header("Retry-After")).isEqualTo("5");
    }

    @Test
    void throttlesAboveARate() {
        String token = "Bearer " + clients.fabricToken();
        emulator.admin().addFault(Fault.throttleAboveRate(3, 1));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(clients.send("GET", emulator.fabricApiUrl() + "/workspaces", null, token).status());
        }
        assertThat(statuses.subList(0, 3)).containsOnly(200);
        assertThat(statuses).contains(429);
    }

    @Test
    void throttlesOneLakeInTheStorageShape() {
        String token = "Bearer " + clients.credential().getTokenSync(new com.azure.core.credential.TokenRequestContext()
                .addScopes("https://storage.azure.com/.default")).getToken();
        emulator.admin().addFault(Fault.throttle(1, 3).matching(null, "/onelake/.*"));
        var blocked = clients.send("GET", emulator.oneLakeUrl() + "/any?restype=container", null, token);
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.header("x-ms-error-code")).isEqualTo("RequestBlocked");
        assertThat(blocked.header("Retry-After")).isEqualTo("3");
    }

    @Test
    void burstsOfServerErrors() {
        String token = "Bearer " + clients.fabricToken();
        emulator.admin().addFault(Fault.serverErrors(2, 503));
        for (int i = 0; i < 2; i++) {
            var failed = clients.send("GET", emulator.fabricApiUrl() + "/workspaces", null, token);
            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.header("x-ms-public-api-error-code")).isEqualTo("ServiceUnavailable");
            assertThat(failed.json().path("isRetriable").asBoolean()).isTrue();
        }
        assertThat(clients.send("GET", emulator.fabricApiUrl() + "/workspaces", null, token).status()).isEqualTo(200);

        admin("POST", "/faults", Map.of("kind", "serverError", "count", 1, "status", 500, "errorCode", "InternalServerError"));
        var internal = clients.send("GET", emulator.fabricApiUrl() + "/workspaces", null, token);
        assertThat(internal.status()).isEqualTo(500);
        assertThat(internal.json().path("errorCode").asText()).isEqualTo("InternalServerError");
    }

    @Test
    void addsLatency() {
        String token = "Bearer " + clients.fabricToken();
        emulator.admin().addFault(Fault.latency(700).times(1));
        long started = System.nanoTime();
        assertThat(clients.send("GET", emulator.fabricApiUrl() + "/workspaces", null, token).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void failsTheNextOperationOfAKind() {
        String ws = emulator.admin().createWorkspace("ops-" + UUID.randomUUID());
        var id = admin("POST", "/faults", Map.of("kind", "operationFailure", "operationKind", "CreateItem",
                "errorCode", "Dataset_Import_FailedToImportDataset", "message", "Import failed"));
        assertThat(id.json().path("id").asText()).isNotBlank();
        var accepted = clients.fabric("POST", "/workspaces/" + ws + "/notebooks", Map.of("displayName", "Doomed"));
        JsonNode state = FabricRestTestSupport.awaitOperation(emulator, clients, accepted);
        assertThat(state.path("status").asText()).isEqualTo("Failed");
        assertThat(state.path("error").path("errorCode").asText()).isEqualTo("Dataset_Import_FailedToImportDataset");
        assertThat(state.path("error").path("message").asText()).isEqualTo("Import failed");
        var result = clients.fabric("GET", "/operations/" + accepted.header("x-ms-operation-id") + "/result", null);
        assertThat(result.status()).isEqualTo(400);

        JsonNode next = FabricRestTestSupport.awaitOperation(emulator, clients,
                clients.fabric("POST", "/workspaces/" + ws + "/notebooks", Map.of("displayName", "Doomed")));
        assertThat(next.path("status").asText()).isEqualTo("Succeeded");
    }

    @Test
    void slowsOperationsDown() {
        String ws = emulator.admin().createWorkspace("slow-" + UUID.randomUUID());
        emulator.admin().addFault(Fault.slowOperations("CreateItem", 8000).times(1));
        var accepted = clients.fabric("POST", "/workspaces/" + ws + "/notebooks", Map.of("displayName", "Slow"));
        String location = accepted.header("Location");
        // the default duration is 200 ms: still pending (NotStarted, then Running) for 2 s means the fault holds it
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(6)).until(() ->
                java.util.Set.of("NotStarted", "Running").contains(clients.fabric("GET", location, null).json().path("status").asText()));
        assertThat(FabricRestTestSupport.awaitOperation(emulator, clients, accepted).path("status").asText()).isEqualTo("Succeeded");
    }

    @Test
    void holdsADeletedDisplayName() {
        emulator.admin().longRunningOperations(false);
        try {
            String ws = emulator.admin().createWorkspace("held-" + UUID.randomUUID());
            admin("POST", "/faults", Map.of("kind", "nameHeld", "delayMillis", 1500, "status", 409));
            String id = clients.fabric("POST", "/workspaces/" + ws + "/lakehouses", Map.of("displayName", "Reborn")).json().path("id").asText();
            assertThat(clients.fabric("DELETE", "/workspaces/" + ws + "/lakehouses/" + id, null).status()).isEqualTo(200);
            var held = clients.fabric("POST", "/workspaces/" + ws + "/lakehouses", Map.of("displayName", "reborn"));
            assertThat(held.status()).isEqualTo(409);
            assertThat(held.header("x-ms-public-api-error-code")).isEqualTo("ItemDisplayNameNotAvailableYet");
            assertThat(held.json().path("isRetriable").asBoolean()).isTrue();
            assertThat(held.json().path("message").asText())
                    .isEqualTo("Requested 'reborn' is not available yet and is expected to become available in the upcoming minutes.");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                    clients.fabric("POST", "/workspaces/" + ws + "/lakehouses", Map.of("displayName", "Reborn")).status() == 201);
        } finally {
            emulator.admin().longRunningOperations(true);
        }
    }

    @Test
    void adminApiListsRemovesFaultsAndShowsAndResetsState() {
        var added = admin("POST", "/faults", Map.of("kind", "latency", "delayMillis", 1, "pathPattern", "/v1/nothing"));
        String id = added.json().path("id").asText();
        assertThat(admin("GET", "/faults", null).json().path("faults").findValuesAsText("id")).containsExactly(id);
        assertThat(admin("DELETE", "/faults/" + id, null).status()).isEqualTo(204);
        assertThat(admin("GET", "/faults", null).json().path("faults")).isEmpty();
        assertThat(admin("POST", "/faults", Map.of("kind", "bogus")).status()).isEqualTo(400);

        var settings = admin("POST", "/settings", Map.of("longRunningOperations", false, "pageSize", 7));
        assertThat(settings.json().path("pageSize").asInt()).isEqualTo(7);
        assertThat(settings.json().path("longRunningOperations").asBoolean()).isFalse();
        admin("POST", "/settings", Map.of("longRunningOperations", true, "pageSize", 100));

        String ws = emulator.admin().createWorkspace("state-" + UUID.randomUUID());
        String principal = UUID.randomUUID().toString();
        assertThat(clients.fabric("POST", "/workspaces/" + ws + "/roleAssignments",
                Map.of("principal", Map.of("id", principal, "type", "User"), "role", "Viewer")).status()).isEqualTo(201);
        assertThat(clients.fabric("POST", "/workspaces/" + ws + "/assignToCapacity",
                Map.of("capacityId", "96f3f0ff-4fe2-4712-b61b-05a456ba9357")).status()).isEqualTo(202);
        String addedCapacity = UUID.randomUUID().toString();
        emulator.admin().addCapacity(new Capacities.Capacity(addedCapacity, "Added", "F2", "West Central US", "Active"));
        JsonNode state = admin("GET", "/state", null).json();
        assertThat(state.path("workspaces").findValuesAsText("id")).contains(ws);
        assertThat(emulator.admin().roleAssignments(ws)).containsOnlyKeys(principal);

        assertThat(admin("POST", "/reset", null).status()).isEqualTo(204);

        assertThat(admin("GET", "/state", null).json().path("workspaces")).isEmpty();
        assertThat(emulator.admin().roleAssignments(ws)).as("role assignments go with the workspaces").isEmpty();
        assertThat(clients.fabric("GET", "/capacities/" + addedCapacity, null).status()).as("added capacities are forgotten").isEqualTo(404);
        assertThat(clients.fabric("GET", "/capacities", null).json().path("value").findValuesAsText("displayName"))
                .as("the seeded ones are back").contains("F4 Capacity");
    }
}
