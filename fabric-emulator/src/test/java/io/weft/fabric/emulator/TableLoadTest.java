package io.weft.fabric.emulator;

import com.azure.core.util.BinaryData;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.weft.fabric.emulator.fabric.TableInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Table load reads the CSV files uploaded to OneLake and records columns and row counts. */
class TableLoadTest {

    static FabricEmulator emulator;
    static EmulatorClients clients;
    static String ws;
    static String lakehouse;
    static DataLakeFileSystemClient fs;

    @BeforeAll
    static void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().operationDuration(Duration.ofMillis(200)).retryAfterSeconds(0));
        clients = new EmulatorClients(emulator);
        ws = emulator.admin().createWorkspace("Loads");
        lakehouse = emulator.admin().createLakehouse(ws, "Bronze", false);
        fs = clients.dataLake().getFileSystemClient(ws);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    static void upload(String path, String content) {
        fs.getFileClient("Bronze.Lakehouse/" + path).upload(BinaryData.fromString(content), true);
    }

    static JsonNode load(String table, Map<String, Object> body) {
        var accepted = clients.fabric("POST", "/workspaces/" + ws + "/lakehouses/" + lakehouse + "/tables/" + table + "/load", body);
        return FabricRestTestSupport.awaitOperation(emulator, clients, accepted);
    }

    @Test
    void loadsAFileWithHeaderThenAppendsAndOverwrites() {
        upload("Files/orders/2026-01.csv", "id,customer,amount\n1,alice,10\n2,\"bob, jr\",20\n3,\"multi\nline\",30\n");
        JsonNode state = load("orders", Map.of("relativePath", "Files/orders/2026-01.csv", "pathType", "File", "mode", "Overwrite",
                "formatOptions", Map.of("format", "Csv", "header", true, "delimiter", ",")));
        assertThat(state.path("status").asText()).as(state.toString()).isEqualTo("Succeeded");
        TableInfo orders = table("orders");
        assertThat(orders.columns()).containsExactly("id", "customer", "amount");
        assertThat(orders.rowCount()).isEqualTo(3);

        load("orders", Map.of("relativePath", "Files/orders/2026-01.csv", "pathType", "File", "mode", "Append",
                "formatOptions", Map.of("format", "Csv", "header", true, "delimiter", ",")));
        assertThat(table("orders").rowCount()).isEqualTo(6);
        load("orders", Map.of("relativePath", "Files/orders/2026-01.csv", "pathType", "File", "mode", "Overwrite",
                "formatOptions", Map.of("format", "Csv", "header", true, "delimiter", ",")));
        assertThat(table("orders").rowCount()).isEqualTo(3);

        var tables = clients.fabric("GET", "/workspaces/" + ws + "/lakehouses/" + lakehouse + "/tables", null).json();
        assertThat(tables.path("data").findValuesAsText("name")).contains("orders");
        assertThat(tables.path("data").get(0).path("format").asText()).isEqualTo("Delta");
        assertThat(emulator.admin().state().toString()).contains("\"rowCount\":3");
    }

    @Test
    void loadsAFolderWithAnotherDelimiterAndNoHeader() {
        upload("Files/pipes/a.csv", "1|x\n2|y\n");
        upload("Files/pipes/b.csv", "3|z\n");
        upload("Files/pipes/ignored.txt", "not,csv,at,all\n");
        JsonNode state = load("pipes", Map.of("relativePath", "Files/pipes", "pathType", "Folder", "fileExtension", "csv",
                "formatOptions", Map.of("format", "Csv", "header", false, "delimiter", "|")));
        assertThat(state.path("status").asText()).isEqualTo("Succeeded");
        assertThat(table("pipes").columns()).containsExactly("_c0", "_c1");
        assertThat(table("pipes").rowCount()).isEqualTo(3);
        assertThat(table("pipes").sourceFiles()).containsExactly("Files/pipes/a.csv", "Files/pipes/b.csv");
    }

    @Test
    void aMalformedCsvFailsTheOperationNamingFileAndRow() {
        upload("Files/bad/broken.csv", "id,name\n1,a\n2,b,extra\n");
        JsonNode state = load("broken", Map.of("relativePath", "Files/bad/broken.csv", "pathType", "File",
                "formatOptions", Map.of("format", "Csv", "header", true)));
        assertThat(state.path("status").asText()).isEqualTo("Failed");
        assertThat(state.path("error").path("errorCode").asText()).isEqualTo("InvalidInputData");
        assertThat(state.path("error").path("message").asText()).contains("Files/bad/broken.csv").contains("row 3");
        assertThat(emulator.admin().tables(ws, lakehouse)).extracting(TableInfo::name).doesNotContain("broken");
    }

    @Test
    void aMissingPathFailsAndBadRequestsAreRefused() {
        JsonNode state = load("ghost", Map.of("relativePath", "Files/nothing-here.csv", "pathType", "File"));
        assertThat(state.path("status").asText()).isEqualTo("Failed");
        assertThat(state.path("error").path("errorCode").asText()).isEqualTo("BadRequest");

        var badName = clients.fabric("POST", "/workspaces/" + ws + "/lakehouses/" + lakehouse + "/tables/bad-name/load",
                Map.of("relativePath", "Files/a.csv", "pathType", "File"));
        assertThat(badName.status()).isEqualTo(400);
        var badPath = clients.fabric("POST", "/workspaces/" + ws + "/lakehouses/" + lakehouse + "/tables/t/load",
                Map.of("relativePath", "Tables/a.csv", "pathType", "File"));
        assertThat(badPath.status()).isEqualTo(400);
    }

    static TableInfo table(String name) {
        List<TableInfo> tables = emulator.admin().tables(ws, lakehouse);
        return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
}
