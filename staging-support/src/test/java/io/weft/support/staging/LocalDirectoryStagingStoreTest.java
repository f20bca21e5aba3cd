package io.weft.support.staging;

import io.weft.contracts.command.StagedArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalDirectoryStagingStoreTest {

    private static final byte[] CONTENT = "id,name\n1,Ada\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path directory;

    @Test
    void stagedObjectIsHashedAndReadBackAfterVerification() throws IOException {
        LocalDirectoryStagingStore store = new LocalDirectoryStagingStore(directory);

        StagedArchive staged = store.stage(new ByteArrayInputStream(CONTENT), "retail.tar.gz");

        assertThat(staged.uri()).startsWith("file:///").endsWith(".tar.gz");
        assertThat(staged.sizeBytes()).isEqualTo(CONTENT.length);
        assertThat(staged.sha256()).isEqualTo(Sha256Sum.of(CONTENT));
        assertThat(staged.fileName()).isEqualTo("retail.tar.gz");
        try (VerifiedObject object = store.open(staged)) {
            assertThat(object.openStream().readAllBytes()).isEqualTo(CONTENT);
        }
        assertThat(store.delete(staged)).isTrue();
        assertThat(store.exists(staged.uri())).isFalse();
        assertThat(store.delete(staged)).isFalse();
    }

    @Test
    void alteredObjectIsRefused() throws IOException {
        LocalDirectoryStagingStore store = new LocalDirectoryStagingStore(directory);
        StagedArchive staged = store.stage(new ByteArrayInputStream(CONTENT), "a.zip");
        Files.write(Path.of(java.net.URI.create(staged.uri())), "id,name\n1,Eve\n".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.open(staged)).isInstanceOf(StagingIntegrityException.class)
                .hasMessageContaining("has SHA-256").hasMessageContaining(staged.sha256());
    }

    @Test
    void wrongSizeIsRefused() throws IOException {
        LocalDirectoryStagingStore store = new LocalDirectoryStagingStore(directory);
        StagedArchive staged = store.stage(new ByteArrayInputStream(CONTENT), "a.zip");
        StagedArchive claimed = new StagedArchive(staged.uri(), staged.sizeBytes() + 1, staged.sha256(), "a.zip");

        assertThatThrownBy(() -> store.open(claimed)).isInstanceOf(StagingIntegrityException.class)
                .hasMessage("staged object " + staged.uri() + " has " + CONTENT.length + " bytes, the command says "
                        + (CONTENT.length + 1));
    }

    @Test
    void uriOutsideTheStoreIsRefused() throws IOException {
        LocalDirectoryStagingStore store = new LocalDirectoryStagingStore(directory);
        StagedArchive foreign = new StagedArchive("file:///etc/passwd", 1, "0".repeat(64), "passwd");
        StagedArchive traversal = new StagedArchive(directory.toUri() + "../x.zip", 1, "0".repeat(64), "x.zip");

        assertThatThrownBy(() -> store.open(foreign)).isInstanceOf(StagingIntegrityException.class)
                .hasMessageContaining("outside the staging directory");
        assertThatThrownBy(() -> store.open(traversal)).isInstanceOf(StagingIntegrityException.class);
        assertThatThrownBy(() -> store.delete("https://example.com/x")).isInstanceOf(StagingIntegrityException.class);
    }

    @Test
    void missingObjectIsRefused() throws IOException {
        LocalDirectoryStagingStore store = new LocalDirectoryStagingStore(directory);
        StagedArchive gone = new StagedArchive(directory.resolve("gone.zip").toUri().toString(), 1, "0".repeat(64), "g");

        assertThatThrownBy(() -> store.open(gone)).isInstanceOf(StagingIntegrityException.class)
                .hasMessageEndingWith("does not exist");
    }

    /** An independent SHA-256, through the JDK directly. */
    private static final class Sha256Sum {
        static String of(byte[] bytes) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
