package io.weft.fabric.client;

import io.weft.fabric.client.lakehouse.Lakehouse;
import io.weft.fabric.client.lakehouse.LoadTableRequest;
import io.weft.fabric.client.lakehouse.Table;
import io.weft.fabric.client.onelake.OneLakeEntry;
import io.weft.fabric.client.onelake.UploadFile;
import io.weft.fabric.client.onelake.UploadProgress;
import io.weft.fabric.client.operation.OperationProgress;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.fabric.TableInfo;
import io.weft.testsupport.fabric.FabricEmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(FabricEmulatorExtension.class)
class LakehouseAndOneLakeTest {

    private FabricEmulator emulator;
    private FabricClient client;
    private String workspaceId;

    @BeforeEach
    void setUp(FabricEmulator emulator) {
        this.emulator = emulator;
        emulator.admin().reset();
        emulator.admin().longRunningOperations(true).retryAfterSeconds(1).operationDuration(java.time.Duration.ofMillis(300));
        client = FabricClient.create(EmulatorSettings.of(emulator));
        workspaceId = emulator.admin().createWorkspace("Lake WS");
    }

    @Test
    void createsThroughA202OperationAndFindsByName() {
        List<OperationProgress> progress = new CopyOnWriteArrayList<>();
        Lakehouse created = client.lakehouses().create(workspaceId, "Bronze", "raw data", false, progress::add);

        assertThat(created.id()).isNotBlank();
        assertThat(created.displayName()).isEqualTo("Bronze");
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1).status()).isEqualTo("Succeeded");
        assertThat(progress.get(progress.size() - 1).percentComplete()).isEqualTo(100);
        assertThat(client.lakehouses().findByName(workspaceId, "bronze")).map(Lakehouse::id).contains(created.id());
        Lakehouse fetched = client.lakehouses().get(workspaceId, created.id());
        assertThat(fetched.properties()).isNotNull();
        assertThat(fetched.properties().oneLakeFilesPath()).contains(created.id());
    }

    @Test
    void createsThroughThe201FastPath() {
        emulator.admin().longRunningOperations(false);
        List<OperationProgress> progress = new CopyOnWriteArrayList<>();
        Lakehouse created = client.lakehouses().create(workspaceId, "Silver", null, false, progress::add);

        assertThat(created.id()).isNotBlank();
        assertThat(progress).as("no operation to poll on a 201").isEmpty();
        assertThat(client.lakehouses().list(workspaceId)).extracting(Lakehouse::displayName).contains("Silver");
    }

    @Test
    void aSecondLakehouseWithTheSameNameIsAConflict() {
        client.lakehouses().create(workspaceId, "Gold");
        assertThatThrownBy(() -> client.lakehouses().create(workspaceId, "GOLD"))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("ItemDisplayNameAlreadyInUse");
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.requestId()).isNotBlank();
                    assertThat(e.getMessage()).isEqualTo("[ItemDisplayNameAlreadyInUse] " + e.fabricMessage());
                });
    }

    @Test
    void uploadsFilesInParallelThenLoadsTablesAndListsThemAcrossPages(@TempDir Path dir) throws Exception {
        emulator.admin().pageSize(2);
        Lakehouse lakehouse = client.lakehouses().create(workspaceId, "Tables");
        Path customers = Files.writeString(dir.resolve("customers.csv"), "id,name\n1,Ada\n2,Grace\n3,Linus\n");
        byte[] orders = "id;amount\n10;5.5\n11;7.25\n".getBytes(StandardCharsets.UTF_8);
        List<UploadProgress> progress = new CopyOnWriteArrayList<>();

        String directory = lakehouse.id() + "/Files/raw";
        client.oneLake().upload(workspaceId, directory, List.of(
                UploadFile.fromPath("customers.csv", customers),
                UploadFile.fromStream("orders.csv", () -> new ByteArrayInputStream(orders), orders.length),
                UploadFile.fromStream("more/products.csv", () -> new ByteArrayInputStream("id\n1\n".getBytes()), 5)), progress::add);

        UploadProgress last = progress.stream().filter(p -> p.filesDone() == 3).findFirst().orElseThrow();
        long total = Files.size(customers) + orders.length + 5;
        assertThat(last.filesTotal()).isEqualTo(3);
        assertThat(last.bytesTotal()).isEqualTo(total);
        assertThat(progress.stream().mapToLong(UploadProgress::bytesDone).max().orElseThrow()).isEqualTo(total);
        List<OneLakeEntry> listed = client.oneLake().list(workspaceId, directory, true);
        assertThat(listed).filteredOn(e -> !e.directory()).extracting(OneLakeEntry::path)
                .containsExactlyInAnyOrder(directory + "/customers.csv", directory + "/orders.csv", directory + "/more/products.csv");
        assertThat(listed).filteredOn(e -> e.path().endsWith("customers.csv")).first()
                .extracting(OneLakeEntry::size).isEqualTo(Files.size(customers));

        List<OperationProgress> loadProgress = new CopyOnWriteArrayList<>();
        client.lakehouses().loadTable(workspaceId, lakehouse.id(), "customers",
                LoadTableRequest.csvFile("Files/raw/customers.csv", LoadTableRequest.Mode.Overwrite, true, ","), loadProgress::add);
        client.lakehouses().loadTable(workspaceId, lakehouse.id(), "customers",
                LoadTableRequest.csvFile("Files/raw/customers.csv", LoadTableRequest.Mode.Append, true, ","), ProgressListener.NONE);
        client.lakehouses().loadTable(workspaceId, lakehouse.id(), "orders",
                LoadTableRequest.csvFile("Files/raw/orders.csv", LoadTableRequest.Mode.Overwrite, true, ";"), ProgressListener.NONE);
        client.lakehouses().loadTable(workspaceId, lakehouse.id(), "products",
                LoadTableRequest.csvFile("Files/raw/more/products.csv", LoadTableRequest.Mode.Overwrite, true, ","), ProgressListener.NONE);

        assertThat(loadProgress).extracting(OperationProgress::status).last().isEqualTo("Succeeded");
        assertThat(emulator.admin().tables(workspaceId, lakehouse.id())).extracting(TableInfo::name, TableInfo::rowCount)
                .contains(org.assertj.core.groups.Tuple.tuple("customers", 6L), org.assertj.core.groups.Tuple.tuple("orders", 2L));
        assertThat(client.lakehouses().listTables(workspaceId, lakehouse.id())).extracting(Table::name)
                .containsExactlyInAnyOrder("customers", "orders", "products");

        assertThat(client.oneLake().deleteFile(workspaceId, directory + "/orders.csv")).isTrue();
        assertThat(client.oneLake().deleteFile(workspaceId, directory + "/orders.csv")).isFalse();
        assertThat(client.oneLake().deleteDirectory(workspaceId, directory + "/more")).isTrue();
        assertThat(client.oneLake().list(workspaceId, directory, true)).extracting(OneLakeEntry::path)
                .containsExactly(directory + "/customers.csv");
    }

    @Test
    void aFailedTableLoadCarriesFabricsErrorDetails() {
        Lakehouse lakehouse = client.lakehouses().create(workspaceId, "Broken");
        assertThatThrownBy(() -> client.lakehouses().loadTable(workspaceId, lakehouse.id(), "missing",
                LoadTableRequest.csvFile("Files/nowhere.csv", LoadTableRequest.Mode.Overwrite, true, ","), ProgressListener.NONE))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.errorCode()).isNotBlank();
                    assertThat(e.getMessage()).isEqualTo("[" + e.errorCode() + "] " + e.fabricMessage());
                    assertThat(e.requestId()).isNotBlank();
                });
    }

    @Test
    void schemaEnabledLakehousesRejectListTablesWithFabricsCode() {
        Lakehouse lakehouse = client.lakehouses().create(workspaceId, "Schemas", null, true, ProgressListener.NONE);
        assertThatThrownBy(() -> client.lakehouses().listTables(workspaceId, lakehouse.id()))
                .isInstanceOfSatisfying(FabricException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("UnsupportedOperationForSchemasEnabledLakehouse"));
    }
}
