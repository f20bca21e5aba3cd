package io.weft.archive;

import io.weft.testsupport.archive.TestArchives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.weft.testsupport.archive.TestArchives.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveExtractorTest {

    private static final ArchiveWalker WALKER = new ArchiveWalker(ArchiveLimits.DEFAULTS);

    @TempDir
    Path dir;

    @Test
    void writesOnlyTheWantedEntriesUnderTheCallersNames() throws IOException {
        Path archive = TestArchives.tarGz(dir.resolve("a.tgz"), List.of(file("s/entities/a.csv", "id\n1\n"),
                file("s/README.md", "hi")));
        Path out = Files.createDirectory(dir.resolve("out"));

        ArchiveWalk walk = ArchiveExtractor.extract(WALKER, archive, Map.of("s/entities/a.csv", out.resolve("t1.csv")));

        assertThat(walk.files()).containsEntry("s/entities/a.csv", 5L).containsEntry("s/README.md", 2L);
        assertThat(Files.readString(out.resolve("t1.csv"))).isEqualTo("id\n1\n");
        try (var listing = Files.list(out)) {
            assertThat(listing).containsExactly(out.resolve("t1.csv"));
        }
    }

    @Test
    void aHostileArchiveIsRefusedAndNothingLandsOutsideTheTargets() throws IOException {
        Path archive = TestArchives.tar(dir.resolve("evil.tar"), List.of(file("../evil.csv", "x"),
                TestArchives.symlink("entities/a.csv", "/etc/passwd")));
        Path out = Files.createDirectory(dir.resolve("out"));

        assertThatThrownBy(() -> ArchiveExtractor.extract(WALKER, archive, Map.of("entities/a.csv", out.resolve("a.csv"))))
                .isInstanceOf(ArchiveRefusedException.class)
                .hasMessageContaining("entry '../evil.csv': '..' is not allowed in paths")
                .hasMessageContaining("entry 'entities/a.csv': symbolic links are not allowed (to '/etc/passwd')");
        assertThat(dir.resolve("evil.csv")).doesNotExist();
        assertThat(out.resolve("a.csv")).doesNotExist();
    }

    @Test
    void anExistingTargetIsNeverOverwritten() throws IOException {
        Path archive = TestArchives.zip(dir.resolve("a.zip"), List.of(file("a.csv", "new")));
        Path target = Files.writeString(dir.resolve("a.csv"), "old");

        assertThatThrownBy(() -> ArchiveExtractor.extract(WALKER, archive, Map.of("a.csv", target)))
                .isInstanceOf(IOException.class);
        assertThat(Files.readString(target)).isEqualTo("old");
    }
}
