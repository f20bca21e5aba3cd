package io.weft.fabric.client;

import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.lakehouse.Lakehouse;
import io.weft.fabric.client.lakehouse.LoadTableRequest;
import io.weft.fabric.client.lakehouse.Table;
import io.weft.fabric.client.onelake.OneLakeEntry;
import io.weft.fabric.client.onelake.UploadFile;
import io.weft.fabric.client.workspace.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same contract against real Microsoft Fabric, when {@code WEFT_FABRIC_AUTH_TENANT_ID}, {@code WEFT_FABRIC_AUTH_CLIENT_ID},
 * {@code WEFT_FABRIC_AUTH_CLIENT_SECRET} and {@code WEFT_FABRIC_WORKSPACE} (id or name) are set; skipped with the reason
 * otherwise. Everything it creates is named {@code weft_contract_<random>} and deleted afterwards.
 */
class RealFabricContractTest {

    static final List<String> VARIABLES = List.of("WEFT_FABRIC_AUTH_TENANT_ID", "WEFT_FABRIC_AUTH_CLIENT_ID", "WEFT_FABRIC_AUTH_CLIENT_SECRET",
            "WEFT_FABRIC_WORKSPACE");

    private static FabricClient client;
    private static Workspace workspace;
    private static final List<Runnable> cleanup = new ArrayList<>();
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);

    private static String skipReason;

    @BeforeAll
    static void connect() {
        Map<String, String> env = System.getenv();
        List<String> missing = VARIABLES.stream().filter(v -> env.get(v) == null || env.get(v).isBlank()).toList();
        if (!missing.isEmpty()) {
            skipReason = "Real-Fabric contract tests skipped: " + String.join(", ", missing) + " not set";
            System.out.println(skipReason);
            return;
        }
        FabricSettings settings = FabricSettings.defaults().withAuth(new FabricSettings.Auth(
                io.weft.fabric.client.config.AuthMethod.CLIENT_SECRET, Optional.empty(),
                Optional.of(env.get("WEFT_FABRIC_AUTH_TENANT_ID")), Optional.of(env.get("WEFT_FABRIC_AUTH_CLIENT_ID")),
                Optional.of(env.get("WEFT_FABRIC_AUTH_CLIENT_SECRET"))));
        // WEFT_FABRIC_RECORDING_FILE: record this run's exchanges (redacted) for RecordAndReplayTest's generic replay.
        String recording = env.get("WEFT_FABRIC_RECORDING_FILE");
        if (recording != null && !recording.isBlank()) {
            settings = settings.withRecording(FabricSettings.Recording.to(java.nio.file.Path.of(recording)));
        }
        client = FabricClient.create(settings);
        workspace = client.workspaces().resolve(env.get("WEFT_FABRIC_WORKSPACE"));
    }

    @BeforeEach
    void requireCredentials() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    static void removeWhatWasCreated() {
        cleanup.forEach(action -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                System.err.println("Cleanup failed: " + e.getMessage());
            }
        });
        if (client != null) {
            client.closeRecording();
        }
    }

    @Test
    void lakehouseUploadLoadAndConflict() {
        String name = "weft_contract_" + SUFFIX;
        Lakehouse lakehouse = client.lakehouses().create(workspace.id(), name);
        cleanup.add(() -> client.lakehouses().delete(workspace.id(), lakehouse.id()));
        assertThat(client.lakehouses().findByName(workspace.id(), name)).map(Lakehouse::id).contains(lakehouse.id());

        byte[] csv = "id,name\n1,Ada\n2,Grace\n".getBytes(StandardCharsets.UTF_8);
        String directory = lakehouse.id() + "/Files/contract";
        client.oneLake().upload(workspace.id(), directory,
                List.of(UploadFile.fromStream("people.csv", () -> new ByteArrayInputStream(csv), csv.length)), null);
        assertThat(client.oneLake().list(workspace.id(), directory, false)).extracting(OneLakeEntry::size).containsExactly((long) csv.length);

        client.lakehouses().loadTable(workspace.id(), lakehouse.id(), "people",
                LoadTableRequest.csvFile("Files/contract/people.csv", LoadTableRequest.Mode.Overwrite, true, ","), ProgressListener.NONE);
        assertThat(client.lakehouses().listTables(workspace.id(), lakehouse.id())).extracting(Table::name).contains("people");

        assertThatThrownBy(() -> client.lakehouses().create(workspace.id(), name))
                .isInstanceOfSatisfying(FabricException.class, e -> assertThat(e.errorCode()).isEqualTo("ItemDisplayNameAlreadyInUse"));
    }

    @Test
    void semanticModelCreateAndDefinition() {
        String name = "weft_contract_model_" + SUFFIX;
        FabricItem model = client.semanticModels().create(workspace.id(), name, null, ItemDefinitionsTest.tmdl("Orders"),
                ProgressListener.NONE);
        cleanup.add(() -> client.semanticModels().delete(workspace.id(), model.id()));
        assertThat(client.semanticModels().getDefinition(workspace.id(), model.id(), "TMDL", ProgressListener.NONE).parts())
                .isNotEmpty();
    }
}
