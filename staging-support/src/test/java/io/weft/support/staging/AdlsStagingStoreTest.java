package io.weft.support.staging;

import com.azure.core.util.BinaryData;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.models.ListPathsOptions;
import com.azure.storage.file.datalake.models.PathItem;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.weft.contracts.command.StagedArchive;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.Fault;
import io.weft.testsupport.fabric.FabricEmulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ADLS Gen2 backend with the real azure-storage-file-datalake SDK and a real {@code ClientSecretCredential} against
 * the Fabric emulator's OneLake (HTTPS, Entra tokens): file system = workspace, directory = a lakehouse's files. The
 * store is built by {@link StagingStoreProducer} from {@code weft.staging.adls.*} properties, as in a service.
 */
@ExtendWith(FabricEmulatorExtension.class)
class AdlsStagingStoreTest {

    /** A display name with a space: OneLake addresses workspaces by name, and the URI must quote it. */
    private static final String WORKSPACE = "Weft Staging";
    private static final String LAKEHOUSE = "Stage";
    private static final String DIRECTORY = LAKEHOUSE + ".Lakehouse/Files/staging";
    private static final long LARGE_SIZE = 64L * 1024 * 1024;

    private static FabricEmulator emulator;
    private static String workspaceId;
    private static String lakehouseId;
    private static AdlsStagingStore store;
    private static DataLakeFileSystemClient independent;

    @TempDir
    static Path downloads;

    @BeforeAll
    static void start(FabricEmulator fabric) {
        emulator = fabric;
        workspaceId = emulator.admin().createWorkspace(WORKSPACE);
        lakehouseId = emulator.admin().createLakehouse(workspaceId, LAKEHOUSE, false);
        store = StagingStoreProducer.adls(config(Map.of()));
        // A second client of the same kind, to look at and alter the staged objects behind the store's back.
        independent = StagingStoreProducer.serviceClient(config(Map.of()))
                .getFileSystemClient(WORKSPACE);
    }

    @AfterEach
    void clearFaults() {
        emulator.admin().clearFaults();
    }

    @Test
    void stagedObjectHasItsUriSizeAndHashAndIsVerifiedReadAndDeleted() throws IOException {
        byte[] content = bytes(3 * 1024 * 1024 + 17, 1);

        StagedArchive staged = store.stage(new ByteArrayInputStream(content), "Retail Scenario.TAR.GZ");

        String base = "abfss://Weft%20Staging@127.0.0.1:" + emulator.port() + "/" + DIRECTORY + "/";
        assertThat(staged.uri()).startsWith(base).matches(".*/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\\.tar\\.gz");
        assertThat(staged.sizeBytes()).isEqualTo(content.length);
        assertThat(staged.sha256()).isEqualTo(sha256(content));
        assertThat(staged.fileName()).isEqualTo("Retail Scenario.TAR.GZ");
        assertThat(store.exists(staged.uri())).isTrue();
        assertThat(independent.getFileClient(pathOf(staged)).getProperties().getFileSize()).isEqualTo(content.length);

        Path copy;
        try (VerifiedObject object = store.open(staged)) {
            copy = object.file();
            assertThat(copy.getParent()).isEqualTo(downloads);
            assertThat(object.archive()).isEqualTo(staged);
            assertThat(Files.readAllBytes(copy)).isEqualTo(content);
            try (InputStream in = object.openStream()) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
        }
        assertThat(copy).doesNotExist();

        assertThat(store.delete(staged)).isTrue();
        assertThat(store.exists(staged.uri())).isFalse();
        assertThat(independent.getFileClient(pathOf(staged)).exists()).isFalse();
        assertThat(store.delete(staged)).isFalse();
    }

    @Test
    void emptyObjectRoundTrips() throws IOException {
        StagedArchive staged = store.stage(InputStream.nullInputStream(), "empty.zip");

        assertThat(staged.sizeBytes()).isZero();
        assertThat(staged.sha256()).isEqualTo(sha256(new byte[0]));
        try (VerifiedObject object = store.open(staged)) {
            assertThat(Files.size(object.file())).isZero();
        }
        assertThat(store.delete(staged)).isTrue();
    }

    @Test
    void largeObjectStreamsThroughWithTheRightHash() throws IOException {
        String directory = LAKEHOUSE + ".Lakehouse/Files/large";
        AdlsStagingStore large = StagingStoreProducer.adls(config(Map.of("directory", directory)));
        // Where the emulator keeps the bytes (its documented layout): how much has arrived when the source ends shows
        // that the upload streamed. The SDK's defaults would buffer all 64 MiB first, and nothing would have arrived.
        Path atEmulator = emulator.dataDirectory().resolve("onelake").resolve(workspaceId).resolve(lakehouseId).resolve("Files/large");
        AtomicLong arrivedWhenSourceEnded = new AtomicLong(-1);
        GeneratedStream source = new GeneratedStream(LARGE_SIZE, 64, () -> arrivedWhenSourceEnded.set(bytesUnder(atEmulator)));

        long stageStart = System.nanoTime();
        StagedArchive staged = large.stage(source, "large.zip");
        Duration stageTime = Duration.ofNanos(System.nanoTime() - stageStart);

        assertThat(source.produced()).isEqualTo(LARGE_SIZE);
        assertThat(arrivedWhenSourceEnded.get()).as("bytes at the emulator when the source ended").isGreaterThanOrEqualTo(LARGE_SIZE / 2);
        assertThat(staged.sizeBytes()).isEqualTo(LARGE_SIZE);
        assertThat(staged.sha256()).isEqualTo(source.sha256());
        long openStart = System.nanoTime();
        try (VerifiedObject object = large.open(staged)) {
            Duration openTime = Duration.ofNanos(System.nanoTime() - openStart);
            assertThat(Files.size(object.file())).isEqualTo(LARGE_SIZE);
            try (InputStream in = object.openStream()) {
                assertThat(Sha256Digest.of(in).sha256()).isEqualTo(source.sha256());
            }
            System.out.printf("ADLS staging of 64 MiB against the emulator: stage %d ms (%d MiB had arrived when the source"
                    + " ended), open (download + verify) %d ms%n", stageTime.toMillis(), arrivedWhenSourceEnded.get() >> 20,
                    openTime.toMillis());
        } finally {
            large.delete(staged);
        }
    }

    @Test
    void tamperedObjectIsRefusedNamingBothHashes() throws IOException {
        byte[] content = bytes(100_000, 2);
        StagedArchive staged = store.stage(new ByteArrayInputStream(content), "a.zip");
        byte[] tampered = content.clone();
        tampered[50_000] ^= 1;
        independent.getFileClient(pathOf(staged)).upload(BinaryData.fromBytes(tampered), true);

        assertThatThrownBy(() -> store.open(staged)).isInstanceOf(StagingIntegrityException.class)
                .hasMessage("staged object " + staged.uri() + " has SHA-256 " + sha256(tampered) + ", the command says "
                        + staged.sha256());
        assertThat(downloadedCopies()).isEmpty();
        store.delete(staged);
    }

    @Test
    void objectOfAnotherSizeIsRefused() throws IOException {
        byte[] content = bytes(10_000, 3);
        StagedArchive staged = store.stage(new ByteArrayInputStream(content), "a.zip");
        independent.getFileClient(pathOf(staged)).upload(BinaryData.fromBytes(bytes(10_001, 3)), true);

        assertThatThrownBy(() -> store.open(staged)).isInstanceOf(StagingIntegrityException.class)
                .hasMessage("staged object " + staged.uri() + " has 10001 bytes, the command says 10000");
        assertThat(downloadedCopies()).isEmpty();
        store.delete(staged);
    }

    @Test
    void missingObjectIsRefused() throws IOException {
        StagedArchive staged = store.stage(new ByteArrayInputStream(bytes(10, 4)), "a.zip");
        assertThat(store.delete(staged)).isTrue();

        assertThatThrownBy(() -> store.open(staged)).isInstanceOf(StagingIntegrityException.class)
                .hasMessage("staged object " + staged.uri() + " does not exist");
        assertThat(downloadedCopies()).isEmpty();
    }

    @Test
    void uriOutsideTheStoreIsRefused() {
        String here = "abfss://Weft%20Staging@127.0.0.1:" + emulator.port();
        List<String> foreign = List.of(
                "abfss://Weft%20Staging@10.0.0.1:" + emulator.port() + "/" + DIRECTORY + "/x.zip",
                "abfss://Weft%20Staging@127.0.0.1:1/" + DIRECTORY + "/x.zip",
                "abfss://Weft%20Staging@127.0.0.1/" + DIRECTORY + "/x.zip",
                "abfss://Other@127.0.0.1:" + emulator.port() + "/" + DIRECTORY + "/x.zip",
                here + "/" + LAKEHOUSE + ".Lakehouse/Files/other/x.zip",
                here + "/" + DIRECTORY + "/nested/x.zip",
                here + "/" + DIRECTORY + "/../x.zip",
                here + "/" + DIRECTORY + "/..%2Fx.zip",
                here + "/" + DIRECTORY + "/",
                here + "/" + DIRECTORY + "/x.zip?comp=list",
                "https://127.0.0.1:" + emulator.port() + "/onelake/Weft%20Staging/" + DIRECTORY + "/x.zip",
                "abfss://Weft Staging@127.0.0.1/x.zip");
        for (String uri : foreign) {
            StagedArchive archive = new StagedArchive(uri, 1, "0".repeat(64), "x.zip");
            assertThatThrownBy(() -> store.open(archive)).as(uri).isInstanceOf(StagingIntegrityException.class)
                    .hasMessageContaining(uri);
            assertThatThrownBy(() -> store.exists(uri)).as(uri).isInstanceOf(StagingIntegrityException.class);
            assertThatThrownBy(() -> store.delete(uri)).as(uri).isInstanceOf(StagingIntegrityException.class);
        }
    }

    @Test
    void transientServerErrorsAreRetriedWithoutCorruptingTheHash() throws IOException {
        byte[] content = bytes(2 * 1024 * 1024, 5);
        String append = emulator.admin().addFault(Fault.serverErrors(2, 500).matching("PATCH", oneLakePath(DIRECTORY) + "(/|%2F).*"));

        // A markable source: the store must not let the SDK rewind it under the digest.
        StagedArchive staged = store.stage(new ByteArrayInputStream(content), "a.zip");

        assertThat(emulator.admin().removeFault(append)).as("both injected errors were met").isFalse();
        assertThat(staged.sizeBytes()).isEqualTo(content.length);
        assertThat(staged.sha256()).isEqualTo(sha256(content));
        try (VerifiedObject object = store.open(staged)) {
            assertThat(Files.readAllBytes(object.file())).isEqualTo(content);
        }
        store.delete(staged);
    }

    @Test
    void failingUploadIsAnIOExceptionAndLeavesNothingBehind() {
        String directory = LAKEHOUSE + ".Lakehouse/Files/failing-appends";
        AdlsStagingStore failing = StagingStoreProducer.adls(config(Map.of("directory", directory)));
        emulator.admin().addFault(Fault.serverErrors(100, 500).matching("PATCH", oneLakePath(directory) + "(/|%2F).*"));

        assertThatThrownBy(() -> failing.stage(new ByteArrayInputStream(bytes(1024 * 1024, 6)), "a.zip"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("staging " + directory + "/").hasMessageEndingWith("in ADLS failed: 500 InternalServerError");

        emulator.admin().clearFaults();
        assertThat(filesUnder(directory)).isEmpty();
    }

    @Test
    void uploadWhileStorageIsDownIsAnIOExceptionAndLeavesNothingBehind() {
        String directory = LAKEHOUSE + ".Lakehouse/Files/storage-down";
        AdlsStagingStore failing = StagingStoreProducer.adls(config(Map.of("directory", directory)));
        emulator.admin().addFault(Fault.serverErrors(100, 503).matching(null, oneLakePath(directory) + "(/|%2F).*"));

        assertThatThrownBy(() -> failing.stage(new ByteArrayInputStream(bytes(1000, 7)), "a.zip"))
                .isInstanceOf(IOException.class).hasMessageEndingWith("in ADLS failed: 503 ServiceUnavailable")
                // the clean-up could not reach storage either, and says so
                .satisfies(e -> assertThat(e.getSuppressed()).isNotEmpty());

        emulator.admin().clearFaults();
        assertThat(filesUnder(directory)).isEmpty();
    }

    @Test
    void sourceFailingMidwayIsAnIOExceptionAndLeavesNothingBehind() {
        String directory = LAKEHOUSE + ".Lakehouse/Files/broken-source";
        AdlsStagingStore failing = StagingStoreProducer.adls(config(Map.of("directory", directory)));
        InputStream brokenAfter5MiB = new GeneratedStream(5L * 1024 * 1024, 8) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = super.read(buffer, offset, length);
                if (read == -1) {
                    throw new IOException("client went away");
                }
                return read;
            }
        };

        assertThatThrownBy(() -> failing.stage(brokenAfter5MiB, "a.zip")).isInstanceOf(IOException.class)
                .hasMessageEndingWith("in ADLS failed: IOException: client went away");

        assertThat(filesUnder(directory)).isEmpty();
    }

    @Test
    void missingFileSystemIsAClearErrorWhenCreationIsOn() {
        assertThatThrownBy(() -> StagingStoreProducer.adls(config(Map.of("file-system", "No Such Workspace"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("staging file system 'No Such Workspace'")
                .hasMessageContaining("does not exist and cannot be created (400 OperationNotAllowedOnThePath)");
    }

    @Test
    void withCreationOffNothingIsCheckedUntilFirstUse() {
        AdlsStagingStore lazy = StagingStoreProducer.adls(
                config(Map.of("file-system", "No Such Workspace", "create-file-system", "false")));

        assertThatThrownBy(() -> lazy.stage(new ByteArrayInputStream(bytes(10, 9)), "a.zip")).isInstanceOf(IOException.class)
                .hasMessageEndingWith("in ADLS failed: 404 ContainerNotFound");
    }

    @Test
    void wrongClientSecretFailsWithoutRevealingIt() {
        String wrong = "wrong-secret-" + System.nanoTime();
        AdlsStagingStore unauthorized = StagingStoreProducer.adls(
                config(Map.of("auth.client-secret", wrong, "create-file-system", "false")));

        assertThatThrownBy(() -> unauthorized.stage(new ByteArrayInputStream(bytes(10, 10)), "a.zip"))
                .isInstanceOf(IOException.class)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(wrong);
                    }
                });
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** {@code weft.staging.adls.*} for the emulator, plus {@code overrides} (keys relative to that prefix). */
    private static StagingConfig.Adls config(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>();
        properties.put("weft.staging.backend", "adls");
        properties.put("weft.staging.adls.endpoint", emulator.oneLakeUrl());
        properties.put("weft.staging.adls.file-system", WORKSPACE);
        properties.put("weft.staging.adls.directory", DIRECTORY);
        properties.put("weft.staging.adls.download-directory", downloads.toString());
        properties.put("weft.staging.adls.auth.method", "client-secret");
        properties.put("weft.staging.adls.auth.tenant-id", emulator.tenantId());
        properties.put("weft.staging.adls.auth.client-id", emulator.clientId());
        properties.put("weft.staging.adls.auth.client-secret", emulator.clientSecret());
        properties.put("weft.staging.adls.auth.authority-host", emulator.authorityHost());
        properties.put("weft.staging.adls.tls.trust-certificate", emulator.certificatePem().toString());
        // Short back-off, so that the failure tests do not wait the SDK's default 4 s, 12 s, ...
        properties.put("weft.staging.adls.retry.max-tries", "3");
        properties.put("weft.staging.adls.retry.delay", "50ms");
        properties.put("weft.staging.adls.retry.max-delay", "200ms");
        overrides.forEach((key, value) -> properties.put("weft.staging.adls." + key, value));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(StagingConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .addSystemSources()
                .addDefaultInterceptors()
                .build();
        return config.getConfigMapping(StagingConfig.class).adls();
    }

    /** The path of a staged object inside the file system, from its URI. */
    private static String pathOf(StagedArchive staged) {
        return URI.create(staged.uri()).getPath().substring(1);
    }

    /**
     * The regex of a directory's raw request path as the emulator matches it: the workspace segment and the slashes
     * inside a path are percent-encoded by the SDK.
     */
    private static String oneLakePath(String directory) {
        return "/onelake/[^/]+/" + directory.replace(".", "\\.").replace("/", "(/|%2F)");
    }

    /** Files (not directories) under a directory of the lakehouse, listed through the SDK. */
    private static List<String> filesUnder(String directory) {
        return independent.listPaths(new ListPathsOptions().setPath(LAKEHOUSE + ".Lakehouse/Files").setRecursive(true), null)
                .stream().filter(p -> !p.isDirectory()).map(PathItem::getName).filter(name -> name.startsWith(directory + "/"))
                .toList();
    }

    /** The bytes in the files under a directory on disk (0 when it does not exist yet). */
    private static long bytesUnder(Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> downloadedCopies() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.toList();
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] content) {
        return HexFormat.of().formatHex(newDigest().digest(content));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code size} pseudo-random bytes made as they are read (never held whole), hashed on the way so the test knows
     * the expected SHA-256 without a second pass; {@code atEnd} runs when the last byte has been handed out.
     */
    private static class GeneratedStream extends InputStream {
        private final long size;
        private final Runnable atEnd;
        private final SplittableRandom random;
        private final MessageDigest digest = newDigest();
        private long produced;
        private String sha256;

        GeneratedStream(long size, long seed) {
            this(size, seed, () -> {
            });
        }

        GeneratedStream(long size, long seed, Runnable atEnd) {
            this.size = size;
            this.atEnd = atEnd;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (produced == size) {
                return -1;
            }
            int n = (int) Math.min(length, size - produced);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) random.nextInt(256);
            }
            digest.update(buffer, offset, n);
            produced += n;
            if (produced == size) {
                atEnd.run();
            }
            return n;
        }

        long produced() {
            return produced;
        }

        /** The hash of everything produced; call once the stream is exhausted. */
        String sha256() {
            if (sha256 == null) {
                sha256 = HexFormat.of().formatHex(digest.digest());
            }
            return sha256;
        }
    }
}
