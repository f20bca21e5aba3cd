package io.weft.fabric.emulator;

import com.azure.core.util.BinaryData;
import com.azure.storage.file.datalake.DataLakeDirectoryClient;
import com.azure.storage.file.datalake.DataLakeFileClient;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.models.DataLakeStorageException;
import com.azure.storage.file.datalake.models.ListPathsOptions;
import com.azure.storage.file.datalake.models.PathItem;
import com.azure.storage.file.datalake.models.PathProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real azure-storage-file-datalake SDK, with a real ClientSecretCredential, against the emulator's OneLake. */
class OneLakeDataLakeTest {

    static FabricEmulator emulator;
    static EmulatorClients clients;
    static String workspaceId;
    static String lakehouseId;

    @BeforeAll
    static void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults());
        clients = new EmulatorClients(emulator);
        workspaceId = emulator.admin().createWorkspace("Data Workspace");
        lakehouseId = emulator.admin().createLakehouse(workspaceId, "Landing", false);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void directoriesSmallFileListReadRenameDeleteByName() {
        DataLakeFileSystemClient fs = clients.dataLake().getFileSystemClient("Data Workspace");
        assertThat(fs.exists()).isTrue();
        DataLakeDirectoryClient dir = fs.getDirectoryClient("Landing.Lakehouse/Files/incoming/2026");
        dir.create();
        assertThat(dir.exists()).isTrue();
        assertThat(dir.getProperties().isDirectory()).isTrue();
        assertThatThrownBy(() -> dir.create(false)).isInstanceOf(DataLakeStorageException.class)
                .satisfies(e -> assertThat(((DataLakeStorageException) e).getErrorCode()).isEqualTo("PathAlreadyExists"));

        DataLakeFileClient file = dir.getFileClient("orders.csv");
        byte[] content = "id,amount\n1,10\n2,20\n".getBytes(StandardCharsets.UTF_8);
        file.upload(BinaryData.fromBytes(content), true);
        PathProperties properties = file.getProperties();
        assertThat(properties.getFileSize()).isEqualTo(content.length);
        assertThat(properties.isDirectory()).isFalse();
        assertThat(readAll(file)).isEqualTo(content);

        List<PathItem> listed = fs.listPaths(new ListPathsOptions().setPath("Landing.Lakehouse/Files").setRecursive(true), null).stream().toList();
        assertThat(listed).extracting(PathItem::getName)
                .contains("Landing.Lakehouse/Files/incoming", "Landing.Lakehouse/Files/incoming/2026", "Landing.Lakehouse/Files/incoming/2026/orders.csv");
        assertThat(listed).filteredOn(p -> p.getName().endsWith("orders.csv")).singleElement()
                .satisfies(p -> {
                    assertThat(p.getContentLength()).isEqualTo(content.length);
                    assertThat(p.isDirectory()).isFalse();
                });

        DataLakeFileClient renamed = file.rename(null, "Landing.Lakehouse/Files/incoming/2026/orders-renamed.csv");
        assertThat(file.exists()).isFalse();
        assertThat(readAll(renamed)).isEqualTo(content);

        renamed.delete();
        assertThat(renamed.exists()).isFalse();
        assertThatThrownBy(renamed::delete).isInstanceOf(DataLakeStorageException.class)
                .satisfies(e -> assertThat(((DataLakeStorageException) e).getStatusCode()).isEqualTo(404));
        dir.deleteRecursively();
        assertThat(dir.exists()).isFalse();
    }

    @Test
    void workspaceAndItemByGuidAndEmptyFileAndMetadata() {
        DataLakeFileSystemClient fs = clients.dataLake().getFileSystemClient(workspaceId);
        DataLakeFileClient file = fs.getFileClient(lakehouseId + "/Files/empty.txt");
        file.create();
        assertThat(readAll(file)).isEmpty();
        DataLakeFileClient withMetadata = fs.getFileClient(lakehouseId + "/Files/meta.txt");
        withMetadata.uploadWithResponse(new com.azure.storage.file.datalake.options.FileParallelUploadOptions(BinaryData.fromString("x"))
                .setMetadata(Map.of("source", "weft")), null, null);
        assertThat(withMetadata.getProperties().getMetadata()).containsEntry("source", "weft");
    }

    @Test
    void refusesToTouchTheManagedFolders() {
        DataLakeFileSystemClient fs = clients.dataLake().getFileSystemClient(workspaceId);
        assertThatThrownBy(() -> fs.getDirectoryClient("Landing.Lakehouse/Files").delete())
                .isInstanceOf(DataLakeStorageException.class)
                .satisfies(e -> assertThat(((DataLakeStorageException) e).getErrorCode()).isEqualTo("OperationNotAllowedOnThePath"));
    }

    @Test
    void uploadsAFileOverOneHundredMibInParallelAppendsAndReadsItBackIdentical(@TempDir Path temp) throws Exception {
        Path source = temp.resolve("big.bin");
        long size = 150L * 1024 * 1024 + 12345;
        byte[] block = new byte[1 << 20];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(source)) {
            long written = 0;
            while (written < size) {
                random.nextBytes(block);
                int n = (int) Math.min(block.length, size - written);
                out.write(block, 0, n);
                written += n;
            }
        }
        DataLakeFileClient file = clients.dataLake().getFileSystemClient(workspaceId).getFileClient("Landing.Lakehouse/Files/big/big.bin");
        long started = System.nanoTime();
        file.uploadFromFile(source.toString(), true);
        long uploadMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(file.getProperties().getFileSize()).isEqualTo(size);

        Path back = temp.resolve("back.bin");
        started = System.nanoTime();
        file.readToFile(back.toString(), true);
        long downloadMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(sha256(back)).isEqualTo(sha256(source));
        System.out.printf("OneLake emulator: uploaded %d bytes in %d ms, downloaded in %d ms%n", size, uploadMillis, downloadMillis);
        Path onDisk = emulator.dataDirectory().resolve("onelake").resolve(workspaceId).resolve(lakehouseId).resolve("Files/big/big.bin");
        assertThat(Files.size(onDisk)).isEqualTo(size);
    }

    private static byte[] readAll(DataLakeFileClient file) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        file.read(out);
        return out.toByteArray();
    }

    private static String sha256(Path file) throws IOException, java.security.NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
