package io.weft.archive.staged;

import io.weft.testsupport.archive.TestArchives;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.archive.ArchiveLimits;
import io.weft.archive.ArchiveWalker;
import io.weft.contracts.command.StagedArchive;
import io.weft.support.staging.StagingStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.weft.testsupport.archive.TestArchives.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The fetch of a claim check through the real local staging store: codes, retry, delete policy. */
@QuarkusTest
class StagedArchiveFetcherTest {

    private static final ArchiveWalker WALKER = new ArchiveWalker(ArchiveLimits.DEFAULTS);

    @Inject
    StagedArchiveFetcher fetcher;

    @Inject
    StagedArchiveJanitor janitor;

    @Inject
    StagingStore staging;

    @TempDir
    Path dir;

    @Test
    void readsAVerifiedArchive() throws IOException {
        StagedArchive staged = stage(TestArchives.zip(dir.resolve("a.zip"), List.of(file("a.csv", "id\n1\n"))));

        Map<String, Long> files = fetcher.read(staged,
                file -> WALKER.walk(file, (path, in) -> { }).requireNoProblems().files());

        assertThat(files).containsEntry("a.csv", 5L);
    }

    @Test
    void aHostileArchiveIsRejectedWithTheReasons() throws IOException {
        StagedArchive staged = stage(TestArchives.tar(dir.resolve("evil.tar"), List.of(file("../evil.csv", "x"))));

        assertThatThrownBy(() -> fetcher.read(staged, file -> WALKER.walk(file, (path, in) -> { }).requireNoProblems()))
                .isInstanceOfSatisfying(StagedArchiveException.class,
                        e -> assertThat(e.code()).isEqualTo(StagedArchiveException.REJECTED))
                .hasMessage("the staged archive evil.tar is refused: entry '../evil.csv': '..' is not allowed in paths");
    }

    @Test
    void aMissingObjectAndAnAlteredOneHaveTheirOwnCodes() throws IOException {
        StagedArchive staged = stage(TestArchives.zip(dir.resolve("a.zip"), List.of(file("a.csv", "x"))));
        StagedArchive wrongHash = new StagedArchive(staged.uri(), staged.sizeBytes(), "0".repeat(64), staged.fileName());

        assertThatThrownBy(() -> fetcher.read(wrongHash, file -> file))
                .isInstanceOfSatisfying(StagedArchiveException.class,
                        e -> assertThat(e.code()).isEqualTo(StagedArchiveException.MISMATCH))
                .hasMessageContaining("SHA-256");
        staging.delete(staged);
        assertThatThrownBy(() -> fetcher.read(staged, file -> file))
                .isInstanceOfSatisfying(StagedArchiveException.class,
                        e -> assertThat(e.code()).isEqualTo(StagedArchiveException.MISSING));
    }

    @Test
    void aFailingReadIsRetried() throws IOException {
        StagedArchive staged = stage(TestArchives.zip(dir.resolve("a.zip"), List.of(file("a.csv", "x"))));
        AtomicInteger calls = new AtomicInteger();

        String result = fetcher.read(staged, file -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("the disk hiccupped");
            }
            return "read";
        });

        assertThat(result).isEqualTo("read");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aSucceededJobsArchiveIsDeletedAfterItsRetention() throws IOException {
        StagedArchive staged = stage(TestArchives.zip(dir.resolve("a.zip"), List.of(file("a.csv", "x"))));

        janitor.succeeded("job-1", staged);

        assertThat(staging.exists(staged.uri())).as("kept during the retention").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !staging.exists(staged.uri()));
    }

    private StagedArchive stage(Path archive) throws IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            return staging.stage(in, archive.getFileName().toString());
        }
    }
}
