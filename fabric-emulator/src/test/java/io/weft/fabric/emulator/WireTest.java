package io.weft.fabric.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.fabric.emulator.RawHttp.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What Fabric's answers look like byte for byte: header names exactly as sent, creates answering 201 or 202 per item
 * type, operation Locations on another host, folderId and sensitivityLabel, and responses that break mid-body.
 */
class WireTest {

    static FabricEmulator emulator;
    static EmulatorClients clients;

    @BeforeAll
    static void start() {
        // the realistic profile (its second host for operations), sped up 1000 times
        emulator = FabricEmulator.start(EmulatorOptions.defaults().timeScale(1000).seed(7));
        clients = new EmulatorClients(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void perItemTypeAgain() {
        emulator.admin().createsPerItemType();
        emulator.admin().clearFaults();
    }

    static Raw raw(String method, String url, String json) throws IOException {
        return RawHttp.send(emulator, clients.fabricToken(), method, url, json);
    }

    static String workspace() {
        return emulator.admin().createWorkspace("wire-" + UUID.randomUUID());
    }

    @Test
    void headerNamesGoOnTheWireExactlyAsFabricSendsThem() throws IOException {
        String ws = workspace();
        Raw accepted = raw("POST", emulator.fabricApiUrl() + "/workspaces/" + ws + "/semanticModels",
                "{\"displayName\":\"Wire\",\"definition\":" + FabricRestTest.tmdlModel() + "}");
        assertThat(accepted.statusLine()).isEqualTo("HTTP/1.1 202 Accepted");
        assertThat(accepted.names()).contains("RequestId", "x-ms-operation-id", "Retry-After", "Location", "Content-Type")
                .doesNotContain("Requestid", "X-ms-operation-id", "Retry-after");
        assertThat(new String(accepted.body(), StandardCharsets.UTF_8)).as("a 202 body is the JSON literal null").isEqualTo("null");
        assertThat(Integer.parseInt(accepted.value("Retry-After"))).isIn(20, 30, 60, 120);
        // IMF-fixdate, two-digit day (azure-core's parser refuses "Thu, 3 Dec 2026 ...")
        assertThat(accepted.value("Date")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");

        Raw poll = raw("GET", accepted.value("Location"), null);
        assertThat(poll.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(poll.names()).contains("RequestId", "x-ms-operation-id");

        Raw error = raw("GET", emulator.fabricApiUrl() + "/workspaces/" + ws + "/lakehouses/" + UUID.randomUUID(), null);
        assertThat(error.statusLine()).startsWith("HTTP/1.1 404");
        assertThat(error.names()).contains("RequestId", "x-ms-public-api-error-code").doesNotContain("X-ms-public-api-error-code");
        assertThat(error.value("x-ms-public-api-error-code")).isEqualTo("ItemNotFound");
    }

    @Test
    void createsAnswer201Or202PerItemTypeAsFabricDoes() {
        String ws = workspace();
        for (String type : List.of("Lakehouse", "DataPipeline", "KQLQueryset", "Dataflow", "MirroredDatabase")) {
            var created = clients.fabric("POST", "/workspaces/" + ws + "/items", Map.of("displayName", "i" + type, "type", type));
            assertThat(created.status()).as(type + ": " + created).isEqualTo(201);
            assertThat(created.header("Location")).as("a 201 has no Location").isNull();
            assertThat(created.header("ETag")).isNotBlank();
            assertThat(created.json().path("type").asText()).isEqualTo(type);
        }
        for (String type : List.of("Ontology", "Notebook", "Warehouse", "Environment", "Report", "SparkJobDefinition")) {
            var accepted = clients.fabric("POST", "/workspaces/" + ws + "/items", Map.of("displayName", "i" + type, "type", type));
            assertThat(accepted.status()).as(type + ": " + accepted).isEqualTo(202);
            assertThat(accepted.raw().body()).isEqualTo("null");
            assertThat(accepted.header("Location")).startsWith(emulator.operationsApiUrl() + "/operations/");
        }
        var model = clients.fabric("POST", "/workspaces/" + ws + "/semanticModels",
                Map.of("displayName", "m", "definition", FabricRestTest.tmdlModel()));
        assertThat(model.status()).isEqualTo(202);
    }

    @Test
    void aPerTypeOverrideBeatsTheTable() {
        String ws = workspace();
        emulator.admin().createStatus("Lakehouse", 202).createStatus("Notebook", 201);
        assertThat(clients.fabric("POST", "/workspaces/" + ws + "/lakehouses", Map.of("displayName", "lh")).status()).isEqualTo(202);
        assertThat(clients.fabric("POST", "/workspaces/" + ws + "/notebooks", Map.of("displayName", "nb")).status()).isEqualTo(201);
        assertThat(clients.fabric("POST", "/workspaces/" + ws + "/dataPipelines", Map.of("displayName", "dp")).status()).isEqualTo(201);
        assertThatThrownBy(() -> emulator.admin().createStatus("Lakehouse", 200)).isInstanceOf(IllegalArgumentException.class);
        var settings = clients.send("POST", emulator.baseUrl() + "/_emulator/settings", Map.of("createStatus", Map.of("Warehouse", 201)), null);
        assertThat(settings.json().path("createStatus").path("warehouse").asInt()).isEqualTo(201);
        assertThat(clients.fabric("POST", "/workspaces/" + ws + "/items", Map.of("displayName", "wh", "type", "Warehouse")).status()).isEqualTo(201);
    }

    @Test
    void operationLocationsPointAtAnotherHostThatAnswersThePoll() {
        String ws = workspace();
        var accepted = clients.fabric("POST", "/workspaces/" + ws + "/notebooks", Map.of("displayName", "Far"));
        URI location = URI.create(accepted.header("Location"));
        assertThat(location.getHost()).isEqualTo("127.0.0.2").isEqualTo(emulator.operationsHost())
                .isNotEqualTo(URI.create(emulator.fabricApiUrl()).getHost());
        assertThat(location.getPath()).isEqualTo("/v1/operations/" + accepted.header("x-ms-operation-id"));
        JsonNode state = FabricRestTestSupport.awaitOperation(emulator, clients, accepted);
        assertThat(state.path("status").asText()).isEqualTo("Succeeded");
        var done = clients.fabric("GET", location.toString(), null);
        assertThat(URI.create(done.header("Location")).getHost()).isEqualTo("127.0.0.2");
        assertThat(done.header("Location")).endsWith("/operations/" + accepted.header("x-ms-operation-id") + "/result");
        assertThat(clients.fabric("GET", done.header("Location"), null).json().path("displayName").asText()).isEqualTo("Far");
    }

    @Test
    void itemsCarryTheirFolderAndSensitivityLabel() {
        String ws = workspace();
        String folder = UUID.randomUUID().toString();
        String label = UUID.randomUUID().toString();
        var created = clients.fabric("POST", "/workspaces/" + ws + "/lakehouses", Map.of("displayName", "InFolder", "folderId", folder,
                "sensitivityLabelSettings", Map.of("labelId", label, "sensitivityLabelApplyStrategy", "ApplyOrFail")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("folderId").asText()).isEqualTo(folder);
        assertThat(created.json().path("sensitivityLabel").path("id").asText()).isEqualTo(label);
        var got = clients.fabric("GET", "/workspaces/" + ws + "/items/" + created.json().path("id").asText(), null);
        assertThat(got.json().path("folderId").asText()).isEqualTo(folder);

        var plain = clients.fabric("POST", "/workspaces/" + ws + "/lakehouses", Map.of("displayName", "AtRoot"));
        assertThat(plain.json().has("folderId")).as("no folderId at the workspace root").isFalse();
        assertThat(plain.json().has("sensitivityLabel")).isFalse();

        var bad = clients.fabric("POST", "/workspaces/" + ws + "/lakehouses", Map.of("displayName", "Bad", "folderId", "not-a-guid"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("moreDetails").get(0).path("message").asText()).contains("FolderId");
    }

    @Test
    void aConnectionResetMidBodyAndATruncatedBodyReachTheClient() throws IOException {
        String ws = workspace();
        emulator.admin().addFault(Fault.connectionReset(1).matching("GET", "/v1/workspaces/" + ws));
        // On a connection of its own: the JDK client silently retries a GET when a pooled connection fails before any
        // byte of the answer was read, and a reset may discard what had arrived, so through the pool the reset could
        // be hidden by a retry (a flaky CI run did exactly that).
        assertThatThrownBy(() -> raw("GET", emulator.fabricApiUrl() + "/workspaces/" + ws, null)).isInstanceOf(IOException.class);

        emulator.admin().addFault(Fault.truncatedBody(1).matching("GET", "/v1/workspaces/" + ws));
        Raw cut = raw("GET", emulator.fabricApiUrl() + "/workspaces/" + ws, null);
        int announced = Integer.parseInt(cut.value("Content-Length"));
        assertThat(cut.body().length).as("half the announced body, then the end of the stream").isEqualTo(announced / 2);
        assertThat(clients.fabric("GET", "/workspaces/" + ws, null).status()).as("each fault hit one response").isEqualTo(200);
    }

    @Test
    void requestsSentBackToBackOnOneConnectionAreEachAnsweredInOrder() throws IOException {
        String ws = workspace();
        URI uri = URI.create(emulator.fabricApiUrl() + "/workspaces/" + ws);
        String token = clients.fabricToken();
        String principal = UUID.randomUUID().toString();
        String body = "{\"principal\":{\"id\":\"" + principal + "\",\"type\":\"User\"},\"role\":\"Viewer\"}";
        // a GET, a POST whose body follows in the same write, and a last GET that closes, all in one write: the
        // server holds the later requests while it serves the first
        String requests = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAuthorization: Bearer " + token + "\r\n\r\n"
                + "POST " + uri.getRawPath() + "/roleAssignments HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                + "GET " + uri.getRawPath() + "/roleAssignments HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAuthorization: Bearer " + token
                + "\r\nConnection: close\r\n\r\n";
        try (var socket = (javax.net.ssl.SSLSocket) emulator.sslContext().getSocketFactory().createSocket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answers = new String(RawHttp.readAll(socket.getInputStream()), StandardCharsets.UTF_8);
            List<String> statusLines = java.util.regex.Pattern.compile("HTTP/1\\.1 \\d{3} [A-Za-z ]+").matcher(answers).results()
                    .map(java.util.regex.MatchResult::group).toList();
            assertThat(statusLines).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 201 Created", "HTTP/1.1 200 OK");
            assertThat(answers.substring(answers.lastIndexOf("HTTP/1.1 200 OK"))).as("the last GET lists what the POST made")
                    .contains(principal);
        }
    }
}
