package io.weft.fabric.client;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.OpenTelemetry;
import io.weft.fabric.client.auth.CredentialFactory;
import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.client.http.FabricCall;
import io.weft.fabric.client.http.RecordingSleeper;
import io.weft.fabric.client.http.ReplayHttpClient;
import io.weft.fabric.client.http.TrustingHttpClients;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.fabric.FabricEmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Record and replay: a scenario recorded against the emulator (realistic Retry-After 20, the client at time-scale 100)
 * is redacted, and replayed through {@link ReplayHttpClient} the client handles every response in it.
 * {@code -Dweft.recording.update=true} refreshes the shipped example {@code recordings/graph-scenario.jsonl}.
 */
@ExtendWith(FabricEmulatorExtension.class)
class RecordAndReplayTest {

    static final Path SHIPPED = Path.of("src/test/resources/recordings/graph-scenario.jsonl");
    /**
     * Where a replay "runs": nothing is ever sent there. The shipped recording was made against the emulator, whose
     * OneLake is a path on an IP origin, so the replay uses one too (the storage SDK reads the account from the path only
     * on IP hosts); a recording of real Fabric replays with any two origins.
     */
    static final URI REPLAY_API = URI.create("https://127.0.0.1:9/v1");
    static final URI REPLAY_ONELAKE = URI.create("https://127.0.0.1:9/onelake");
    static final TokenCredential NO_ENTRA = request -> Mono.just(new AccessToken("replay", OffsetDateTime.now().plusHours(1)));

    private FabricEmulator emulator;

    @BeforeEach
    void setUp(FabricEmulator emulator) {
        this.emulator = emulator;
        emulator.admin().reset();
        // Fabric's own create rule (the lakehouse a 201, the ontology a 202), Fabric's usual Retry-After
        emulator.admin().createsPerItemType().pageSize(1).retryAfterSeconds(20).operationDuration(Duration.ofMillis(500));
        emulator.admin().createWorkspace("Other WS");
        emulator.admin().createWorkspace(GraphScenario.WORKSPACE);
    }

    private FabricSettings recordingTo(Path file) {
        return EmulatorSettings.of(emulator).withPolling(new FabricSettings.Polling(100))
                .withOperations(new FabricSettings.Operations(Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofSeconds(30)))
                .withRecording(FabricSettings.Recording.to(file));
    }

    @Test
    void recordsTheGraphScenario(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("graph-scenario.jsonl");
        FabricClient client = FabricClient.create(recordingTo(file));

        GraphScenario.run(client);
        client.closeRecording();

        List<ReplayHttpClient.Recorded> recorded = ReplayHttpClient.read(file);
        assertThat(recorded).extracting(ReplayHttpClient.Recorded::status).contains(200, 201, 202);
        assertThat(recorded).filteredOn(ReplayHttpClient.Recorded::isFabric).extracting(ReplayHttpClient.Recorded::pathTemplate)
                .contains("/workspaces", "/workspaces/{workspaceId}/lakehouses", "/operations/{operationId}",
                        "/operations/{operationId}/result", "/workspaces/{workspaceId}/lakehouses/{lakehouseId}/tables/{tableName}/load");
        assertThat(recorded).filteredOn(r -> r.url().startsWith("{fabric}/onelake/")).as("OneLake through the same policy")
                .isNotEmpty();
        assertThat(Files.readString(file)).as("GUIDs mapped, origins replaced").doesNotContain(emulator.fabricApiUrl())
                .contains("00000000-0000-0000-0000-000000000001");
        if (Boolean.getBoolean("weft.recording.update")) {
            Files.copy(file, SHIPPED, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aRecordingHoldsNoTokenNoSecretAndNoSasSignature(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("secrets.jsonl");
        FabricSettings settings = recordingTo(file);
        FabricClient client = FabricClient.create(settings);
        String token = CredentialFactory.create(settings.auth(), TrustingHttpClients.create(settings.trustCertificate(), settings.http()))
                .getTokenSync(new TokenRequestContext().addScopes(CredentialFactory.FABRIC_SCOPE)).getToken();
        String workspaceId = client.workspaces().resolve(GraphScenario.WORKSPACE).id();

        GraphScenario.run(client);
        client.http().send(FabricCall.post("/workspaces/{workspaceId}/items", Map.of("displayName", "Secretive", "type", "Lakehouse",
                "creationPayload", Map.of("connectionString", "AccountKey=s3cr3t-account-key", "clientSecret", "s3cr3t-client")),
                workspaceId));
        client.http().send(FabricCall.get("/workspaces/{workspaceId}", workspaceId).query("sig", "s3cr3t-signature"));
        client.closeRecording();

        String recording = Files.readString(file);
        assertThat(recording).isNotBlank()
                .doesNotContain(token)
                .doesNotContain(emulator.clientSecret())
                .doesNotContainIgnoringCase("authorization")
                .doesNotContain("Bearer")
                .doesNotContain("eyJ") // no JWT anywhere
                .doesNotContain("s3cr3t")
                .contains("\"connectionString\":\"REDACTED\"", "\"clientSecret\":\"REDACTED\"", "sig=REDACTED");
        for (String line : recording.split("\n")) {
            JsonNode exchange = new ObjectMapper().readTree(line);
            exchange.path("requestHeaders").fieldNames().forEachRemaining(name -> assertThat(name.toLowerCase())
                    .isNotIn("authorization", "cookie", "x-ms-encryption-key"));
        }
        // Definition payloads are the user's model: replaced by Base64 "REDACTED", the ontology's own never written.
        assertThat(recording).contains("\"payload\":\"UkVEQUNURUQ=\"").doesNotContain(Base64.getEncoder()
                .encodeToString(GraphScenario.ONTOLOGY.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theShippedRecordingReplaysThroughTheClientAndEveryResponseIsHandled() {
        ReplayHttpClient replay = ReplayHttpClient.of(SHIPPED, REPLAY_API, REPLAY_ONELAKE);
        RecordingSleeper waits = RecordingSleeper.virtual();
        FabricSettings settings = FabricSettings.defaults().withApiUrl(REPLAY_API).withOneLakeUrl(REPLAY_ONELAKE);
        FabricClient client = FabricClient.create(settings, OpenTelemetry.noop(), replay, NO_ENTRA, waits);

        GraphScenario.run(client);

        assertThat(replay.unanswered()).as("every recorded response was asked for and handled").isEmpty();
        Map<String, List<Duration>> polls = waits.pollWaitsByOperation();
        assertThat(polls).as("two loads, ontology create, getDefinition (the lakehouse create is a 201)").hasSizeGreaterThanOrEqualTo(4);
        assertThat(polls.values()).allSatisfy(w -> assertThat(w).isNotEmpty()
                .allSatisfy(d -> assertThat(d).as("the recorded Retry-After, exactly").isEqualTo(Duration.ofSeconds(20))));
        System.out.println("Replayed polls per operation: " + polls.values().stream().map(List::size).toList());
    }

    @Test
    void aRecordingReplaysGenericallyWithoutItsScenario() {
        Path file = Path.of(System.getProperty("weft.fabric.replay.file", SHIPPED.toString()));
        ReplayHttpClient replay = ReplayHttpClient.of(file, REPLAY_API, REPLAY_ONELAKE);
        FabricClient client = FabricClient.create(FabricSettings.defaults().withApiUrl(REPLAY_API).withOneLakeUrl(REPLAY_ONELAKE),
                OpenTelemetry.noop(), replay, NO_ENTRA, RecordingSleeper.virtual());

        RecordingReplayer.Outcome outcome = RecordingReplayer.replay(client, replay);

        System.out.println("Generic replay of " + file + ": " + outcome);
        assertThat(outcome.unexpected()).as("every response gives a result or a clear FabricException").isEmpty();
        assertThat(outcome.calls()).isPositive();
        assertThat(replay.unanswered()).filteredOn(ReplayHttpClient.Recorded::isFabric).isEmpty();
    }
}
