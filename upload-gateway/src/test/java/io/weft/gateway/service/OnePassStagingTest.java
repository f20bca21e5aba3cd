package io.weft.gateway.service;

import io.weft.contracts.command.StagedArchive;
import io.weft.support.staging.LocalDirectoryStagingStore;
import io.weft.support.staging.VerifiedObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One read of an upload for the staging store and a second reader, against a real local staging directory: both see
 * every byte, either may stop early, and nothing of a refused or failed upload stays staged.
 */
class OnePassStagingTest {

    @TempDir
    Path dir;

    private Path stagingDirectory;
    private LocalDirectoryStagingStore store;
    private OnePassStaging onePass;
    private Path upload;
    private byte[] bytes;

    @BeforeEach
    void setUp() throws IOException {
        stagingDirectory = dir.resolve("staging");
        store = new LocalDirectoryStagingStore(stagingDirectory);
        onePass = new OnePassStaging(store);
        // many chunks more than the hand-off holds, and not a whole number of them
        bytes = new byte[40 * ByteHandoff.CHUNK + 123];
        new Random(7).nextBytes(bytes);
        upload = Files.write(dir.resolve("upload.tar.gz"), bytes);
    }

    @Test
    void bothReadersSeeEveryByteAndTheStagedObjectIsTheFile() throws Exception {
        OnePassStaging.Read<String> read = onePass.stage(Files.newInputStream(upload), "scenario.tar.gz", in -> sha256(in.readAllBytes()), hash -> true);

        assertThat(read.result()).isEqualTo(sha256(bytes));
        StagedArchive staged = read.staged().orElseThrow();
        assertThat(staged.sizeBytes()).isEqualTo(bytes.length);
        assertThat(staged.sha256()).isEqualTo(sha256(bytes));
        try (VerifiedObject object = store.open(staged)) {
            assertThat(Files.readAllBytes(object.file())).isEqualTo(bytes);
        }
        onePass.stop();
    }

    @Test
    void aReaderThatStopsEarlyLeavesTheStoreToReadTheRest() throws Exception {
        OnePassStaging.Read<Integer> read = onePass.stage(Files.newInputStream(upload), "scenario.tar.gz", in -> in.readNBytes(10).length, n -> true);

        assertThat(read.result()).isEqualTo(10);
        assertThat(read.staged().orElseThrow().sizeBytes()).isEqualTo(bytes.length);
        assertThat(read.staged().orElseThrow().sha256()).isEqualTo(sha256(bytes));
        onePass.stop();
    }

    @Test
    void aRefusedResultStopsTheStagingAndLeavesNothingStaged() throws Exception {
        AtomicInteger read = new AtomicInteger();
        OnePassStaging.Read<Integer> refused = onePass.stage(Files.newInputStream(upload), "scenario.tar.gz", in -> {
            read.set(in.readNBytes(ByteHandoff.CHUNK).length);
            return read.get();
        }, n -> false);

        assertThat(refused.result()).isEqualTo(ByteHandoff.CHUNK);
        assertThat(refused.staged()).isEmpty();
        try (var left = Files.list(stagingDirectory)) {
            assertThat(left).as("no object, no partial one").isEmpty();
        }
        onePass.stop();
    }

    @Test
    void aStoreFailureIsStagingUnavailableAndTheReaderIsNotLeftWaiting() throws Exception {
        // the store's directory replaced by a file: the store cannot write its object
        Files.delete(stagingDirectory);
        Files.writeString(stagingDirectory, "not a directory");

        assertThatThrownBy(() -> onePass.stage(Files.newInputStream(upload), "scenario.tar.gz", in -> in.readAllBytes().length, n -> true))
                .isInstanceOf(StagingUnavailableException.class).hasMessageStartingWith("the upload could not be staged");
        onePass.stop();
    }

    @Test
    void aReadersOwnFailureIsRethrownAndNothingStaysStaged() throws Exception {
        assertThatThrownBy(() -> onePass.stage(Files.newInputStream(upload), "scenario.tar.gz", in -> {
            in.readNBytes(3 * ByteHandoff.CHUNK);
            throw new IllegalStateException("the inspection broke");
        }, n -> true)).isInstanceOf(IllegalStateException.class).hasMessage("the inspection broke");
        try (var left = Files.list(stagingDirectory)) {
            assertThat(left).isEmpty();
        }
        onePass.stop();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
