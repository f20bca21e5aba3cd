package io.weft.fabric.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Connections (create, list, get, delete) and semantic models' bindConnection: what ContractTest's examples do not say. */
class ConnectionsTest {

    static FabricEmulator emulator;
    static EmulatorClients clients;

    @BeforeAll
    static void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().operationDuration(Duration.ofMillis(100)).retryAfterSeconds(0));
        emulator.admin().longRunningOperations(false);
        clients = new EmulatorClients(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void aCreatedConnectionHasThePathOfItsParametersAndNoCredentials() {
        String name = "sql-" + UUID.randomUUID();
        var created = clients.fabric("POST", "/connections", createRequest(name));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.header("Location")).endsWith("/connections/" + id);
        var got = clients.fabric("GET", "/connections/" + id, null).json();
        assertThat(got.path("connectionDetails").path("path").asText()).isEqualTo("sql.contoso.example;sales");
        assertThat(got.toString()).doesNotContain("s3cret").doesNotContain("admin");
        assertThat(clients.fabric("POST", "/connections", createRequest(name)).json().path("errorCode").asText())
                .isEqualTo("DuplicateConnectionName");

        assertThat(clients.fabric("DELETE", "/connections/" + id, null).status()).isEqualTo(200);
        var gone = clients.fabric("GET", "/connections/" + id, null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("errorCode").asText()).isEqualTo("EntityNotFound");
    }

    @Test
    void bindingReplacesADataSourcesConnectionAndNoneUnbindsIt() {
        String ws = clients.fabric("POST", "/workspaces", Map.of("displayName", "conn-" + UUID.randomUUID())).json().path("id").asText();
        String model = modelIn(ws);
        String first = clients.fabric("POST", "/connections", createRequest("a-" + UUID.randomUUID())).json().path("id").asText();
        String second = clients.fabric("POST", "/connections", createRequest("b-" + UUID.randomUUID())).json().path("id").asText();
        String bind = "/workspaces/" + ws + "/semanticModels/" + model + "/bindConnection";

        assertThat(clients.fabric("POST", bind, binding(first, null, "sql.contoso.example;sales")).status()).isEqualTo(200);
        assertThat(clients.fabric("POST", bind, binding(first, null, "sql.contoso.example;archive")).status()).isEqualTo(200);
        assertThat(clients.fabric("POST", bind, binding(second, "ShareableCloud", "SQL.contoso.example;SALES")).status()).isEqualTo(200);

        assertThat(emulator.admin().connections().bindings(model)).extracting(b -> b.path("connectionId").asText())
                .containsExactly(second, first);
        assertThat(clients.fabric("POST", bind, binding(null, "None", "sql.contoso.example;archive")).status()).isEqualTo(200);
        assertThat(emulator.admin().connections().bindings(model)).extracting(b -> b.path("connectionId").asText())
                .containsExactly(second);

        var unknown = clients.fabric("POST", bind, binding(UUID.randomUUID().toString(), null, "x;y"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("errorCode").asText()).isEqualTo("InvalidRequest");
        var noModel = clients.fabric("POST", "/workspaces/" + ws + "/semanticModels/" + UUID.randomUUID() + "/bindConnection",
                binding(first, null, "x;y"));
        assertThat(noModel.status()).isEqualTo(404);
        assertThat(noModel.json().path("errorCode").asText()).isEqualTo("ItemNotFound");
    }

    private static String modelIn(String ws) {
        var created = clients.fabric("POST", "/workspaces/" + ws + "/semanticModels", Map.of("displayName", "Model",
                "definition", ContractTest.tmdl()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private static Map<String, Object> createRequest(String name) {
        return Map.of("displayName", name, "connectivityType", "ShareableCloud",
                "connectionDetails", Map.of("type", "SQL", "creationMethod", "SQL", "parameters", List.of(
                        Map.of("dataType", "Text", "name", "server", "value", "sql.contoso.example"),
                        Map.of("dataType", "Text", "name", "database", "value", "sales"))),
                "credentialDetails", Map.of("credentials", Map.of("credentialType", "Basic", "username", "admin", "password", "s3cret")));
    }

    private static Map<String, Object> binding(String connectionId, String connectivityType, String path) {
        Map<String, Object> binding = new java.util.LinkedHashMap<>();
        if (connectionId != null) {
            binding.put("id", connectionId);
        }
        if (connectivityType != null) {
            binding.put("connectivityType", connectivityType);
        }
        binding.put("connectionDetails", Map.of("type", "SQL", "path", path));
        return Map.of("connectionBinding", binding);
    }
}
