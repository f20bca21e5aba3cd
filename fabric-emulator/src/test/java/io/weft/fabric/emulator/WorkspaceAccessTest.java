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

/** Capacities, capacity assignment with its progress, and workspace role assignments. */
class WorkspaceAccessTest {

    static final String F4 = "96f3f0ff-4fe2-4712-b61b-05a456ba9357";
    static final String F8_INACTIVE = "0b9a4952-b5e7-4a55-8739-3e7251a2fd43";
    static final String F16 = "af196b7b-0bf8-4430-b383-ad48d14f4edf";

    static FabricEmulator emulator;
    static EmulatorClients clients;

    @BeforeAll
    static void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().pageSize(2).operationDuration(Duration.ofMillis(300)).retryAfterSeconds(0));
        clients = new EmulatorClients(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void clearFaults() {
        emulator.admin().clearFaults();
    }

    static String workspace() {
        return clients.fabric("POST", "/workspaces", Map.of("displayName", "ws-" + UUID.randomUUID())).json().path("id").asText();
    }

    static JsonNode getWorkspace(String ws) {
        return clients.fabric("GET", "/workspaces/" + ws, null).json();
    }

    @Test
    void capacitiesAreListedAcrossPagesAndFetchedById() {
        var first = clients.fabric("GET", "/capacities", null).json();
        assertThat(first.path("value")).hasSize(2);
        var second = clients.fabric("GET", first.path("continuationUri").asText(), null).json();
        assertThat(second.path("value").get(0).path("displayName").asText()).isEqualTo("F16 Capacity");
        assertThat(second.has("continuationToken")).isFalse();

        assertThat(clients.fabric("GET", "/capacities/" + F8_INACTIVE, null).json().path("state").asText()).isEqualTo("Inactive");
        var missing = clients.fabric("GET", "/capacities/" + UUID.randomUUID(), null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("errorCode").asText()).isEqualTo("CapacityNotFound");
    }

    @Test
    void assignmentIsInProgressThenCompletedAndUnassignRemovesIt() {
        String ws = workspace();
        var accepted = clients.fabric("POST", "/workspaces/" + ws + "/assignToCapacity", Map.of("capacityId", F4));

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.header("Location")).isNull();
        assertThat(getWorkspace(ws).path("capacityAssignmentProgress").asText()).isEqualTo("InProgress");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> getWorkspace(ws).path("capacityAssignmentProgress").asText().equals("Completed"));
        assertThat(getWorkspace(ws).path("capacityId").asText()).isEqualTo(F4);

        assertThat(clients.fabric("POST", "/workspaces/" + ws + "/unassignFromCapacity", null).status()).isEqualTo(202);
        assertThat(getWorkspace(ws).has("capacityId")).isFalse();
        assertThat(getWorkspace(ws).has("capacityAssignmentProgress")).isFalse();
        var again = clients.fabric("POST", "/workspaces/" + ws + "/unassignFromCapacity", null);
        assertThat(again.json().path("errorCode").asText()).isEqualTo("WorkspaceHasNoCapacityAssigned");
    }

    @Test
    void aFaultMakesTheAssignmentFailAndTheWorkspaceKeepsItsCapacity() {
        String ws = workspace();
        clients.fabric("POST", "/workspaces/" + ws + "/assignToCapacity", Map.of("capacityId", F4));
        await().atMost(Duration.ofSeconds(10)).until(() -> getWorkspace(ws).path("capacityAssignmentProgress").asText().equals("Completed"));
        emulator.admin().addFault(Fault.operationFailure(Capacities.OPERATION_KIND, "CapacityAssignmentFailed", "boom"));

        clients.fabric("POST", "/workspaces/" + ws + "/assignToCapacity", Map.of("capacityId", F16));

        await().atMost(Duration.ofSeconds(10)).until(() -> getWorkspace(ws).path("capacityAssignmentProgress").asText().equals("Failed"));
        assertThat(getWorkspace(ws).path("capacityId").asText()).isEqualTo(F4);
    }

    @Test
    void unknownInactiveAndMalformedCapacitiesAreRefused() {
        String ws = workspace();
        assertThat(clients.fabric("POST", "/workspaces/" + ws + "/assignToCapacity", Map.of("capacityId", UUID.randomUUID().toString()))
                .json().path("errorCode").asText()).isEqualTo("CapacityNotFound");
        assertThat(clients.fabric("POST", "/workspaces/" + ws + "/assignToCapacity", Map.of("capacityId", F8_INACTIVE))
                .json().path("errorCode").asText()).isEqualTo("CapacityNotInActiveState");
        assertThat(clients.fabric("POST", "/workspaces/" + ws + "/assignToCapacity", Map.of("capacityId", "F4")).status()).isEqualTo(400);
        assertThat(clients.fabric("POST", "/workspaces/" + UUID.randomUUID() + "/assignToCapacity", Map.of("capacityId", F4))
                .json().path("errorCode").asText()).isEqualTo("WorkspaceNotFound");
        assertThat(getWorkspace(ws).has("capacityAssignmentProgress")).isFalse();
    }

    @Test
    void roleAssignmentsAreAddedListedAcrossPagesUpdatedAndDeleted() {
        String ws = workspace();
        List<String> principals = new ArrayList<>();
        for (String type : List.of("User", "Group", "ServicePrincipal")) {
            String id = UUID.randomUUID().toString();
            principals.add(id);
            var added = clients.fabric("POST", "/workspaces/" + ws + "/roleAssignments",
                    Map.of("principal", Map.of("id", id, "type", type), "role", "Viewer"));
            assertThat(added.status()).isEqualTo(201);
            assertThat(added.header("Location")).endsWith("/workspaces/" + ws + "/roleAssignments/" + id);
            assertThat(added.json().path("id").asText()).isEqualTo(id);
        }

        var first = clients.fabric("GET", "/workspaces/" + ws + "/roleAssignments", null).json();
        var second = clients.fabric("GET", first.path("continuationUri").asText(), null).json();
        List<String> listed = new ArrayList<>();
        first.path("value").forEach(a -> listed.add(a.path("principal").path("id").asText()));
        second.path("value").forEach(a -> listed.add(a.path("principal").path("id").asText()));
        assertThat(listed).containsExactlyElementsOf(principals);

        String group = principals.get(1);
        var updated = clients.fabric("PATCH", "/workspaces/" + ws + "/roleAssignments/" + group, Map.of("role", "Contributor"));
        assertThat(updated.json().path("role").asText()).isEqualTo("Contributor");
        assertThat(clients.fabric("GET", "/workspaces/" + ws + "/roleAssignments/" + group, null).json().path("role").asText())
                .isEqualTo("Contributor");

        assertThat(clients.fabric("DELETE", "/workspaces/" + ws + "/roleAssignments/" + group, null).status()).isEqualTo(200);
        var gone = clients.fabric("GET", "/workspaces/" + ws + "/roleAssignments/" + group, null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("errorCode").asText()).isEqualTo("WorkspaceRoleAssignmentNotFound");
        assertThat(emulator.admin().roleAssignments(ws)).containsOnlyKeys(principals.get(0), principals.get(2));
    }

    @Test
    void roleAssignmentErrorsAreFabrics() {
        String ws = workspace();
        String id = UUID.randomUUID().toString();
        clients.fabric("POST", "/workspaces/" + ws + "/roleAssignments", Map.of("principal", Map.of("id", id, "type", "User"), "role", "Viewer"));

        var twice = clients.fabric("POST", "/workspaces/" + ws + "/roleAssignments",
                Map.of("principal", Map.of("id", id, "type", "User"), "role", "Admin"));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().path("errorCode").asText()).isEqualTo("PrincipalAlreadyHasWorkspaceRolePermissions");

        assertThat(clients.fabric("POST", "/workspaces/" + ws + "/roleAssignments",
                Map.of("principal", Map.of("id", UUID.randomUUID().toString(), "type", "Robot"), "role", "Viewer"))
                .json().path("errorCode").asText()).isEqualTo("InvalidPrincipalType");
        assertThat(clients.fabric("POST", "/workspaces/" + ws + "/roleAssignments",
                Map.of("principal", Map.of("id", UUID.randomUUID().toString(), "type", "ServicePrincipalProfile"), "role", "Admin"))
                .json().path("errorCode").asText()).isEqualTo("WorkspaceRoleNotAllowedForServicePrincipalProfile");
        assertThat(clients.fabric("POST", "/workspaces/" + ws + "/roleAssignments",
                Map.of("principal", Map.of("id", UUID.randomUUID().toString(), "type", "User"), "role", "Owner")).status()).isEqualTo(400);
        assertThat(emulator.admin().roleAssignments(ws)).containsOnlyKeys(id);
        assertThat(emulator.admin().roleAssignments(ws).get(id)).isEqualTo("User:Viewer");
    }
}
