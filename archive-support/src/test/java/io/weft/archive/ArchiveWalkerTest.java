package io.weft.archive;

import io.weft.testsupport.archive.TestArchives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.weft.testsupport.archive.TestArchives.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every entry rule and limit, once, with a crafted archive each: 20 entries, 64 KiB per file, 128 KiB in all,
 * ratio 50 above 16 KiB.
 */
class ArchiveWalkerTest {

    private static final ArchiveLimits LIMITS = new ArchiveLimits(20, 65_536, 131_072, 50, 16_384);
    private static final ArchiveWalker WALKER = new ArchiveWalker(LIMITS);

    @TempDir
    Path dir;

    @Test
    void readsEveryFormatByContentWhateverTheName() throws IOException {
        List<TestArchives.Entry> entries = List.of(TestArchives.directory("./"), TestArchives.directory("data"),
                file("./data/a.csv", "id\n1\n"), file("b.txt", "hello"));
        for (Path archive : List.of(TestArchives.tar(dir.resolve("one.bin"), entries),
                TestArchives.tarGz(dir.resolve("two.zip"), entries), TestArchives.zip(dir.resolve("three.tgz"), entries))) {
            Map<String, String> contents = new LinkedHashMap<>();
            ArchiveWalk walk = WALKER.walk(archive, (path, in) -> contents.put(path, new String(in.readAllBytes(),
                    StandardCharsets.UTF_8)));

            assertThat(walk.problems()).isEmpty();
            assertThat(walk.files()).containsExactly(Map.entry("data/a.csv", 5L), Map.entry("b.txt", 5L));
            assertThat(contents).containsExactly(Map.entry("data/a.csv", "id\n1\n"), Map.entry("b.txt", "hello"));
        }
        assertThat(ArchiveFormat.detect(dir.resolve("one.bin"))).contains(ArchiveFormat.TAR);
        assertThat(ArchiveFormat.detect(dir.resolve("two.zip"))).contains(ArchiveFormat.TAR_GZ);
        assertThat(ArchiveFormat.detect(dir.resolve("three.tgz"))).contains(ArchiveFormat.ZIP);
    }

    @Test
    void contentInNoAcceptedFormatIsRefused() throws IOException {
        Path rar = Files.writeString(dir.resolve("s.tar.gz"), "Rar!\u001a\u0007\u0000 not really");
        Path text = Files.writeString(dir.resolve("t.zip"), "id,name\n1,Ada\n");

        assertThat(ArchiveFormat.detect(rar)).isEmpty();
        assertThat(WALKER.walk(text, ArchiveFileVisitor.IGNORE_CONTENT).problems()).containsExactly(
                new ArchiveProblem("(archive)", "archive-format", "the file is not a tar, tar.gz or zip archive"));
    }

    @Test
    void symbolicLinksAreRefused() throws IOException {
        assertProblem(TestArchives.tarGz(dir.resolve("s.tgz"), List.of(TestArchives.symlink("a.csv", "/etc/passwd"))),
                "a.csv", "entry-type", "symbolic links are not allowed (to '/etc/passwd')");
        assertProblem(TestArchives.zip(dir.resolve("s.zip"), List.of(TestArchives.symlink("a.csv", "/etc/passwd"))),
                "a.csv", "entry-type", "symbolic links are not allowed");
    }

    @Test
    void hardLinksAreRefused() throws IOException {
        assertProblem(TestArchives.tar(dir.resolve("h.tar"), List.of(file("a.csv", "x"), TestArchives.hardLink("b.csv", "a.csv"))),
                "b.csv", "entry-type", "hard links are not allowed (to 'a.csv')");
    }

    @Test
    void devicesAndPipesAreRefused() throws IOException {
        assertProblem(TestArchives.tar(dir.resolve("c.tar"), List.of(TestArchives.characterDevice("dev/null"))),
                "dev/null", "entry-type", "devices are not allowed");
        assertProblem(TestArchives.tar(dir.resolve("b.tar"), List.of(TestArchives.blockDevice("dev/sda"))),
                "dev/sda", "entry-type", "devices are not allowed");
        assertProblem(TestArchives.tar(dir.resolve("p.tar"), List.of(TestArchives.fifo("pipe"))),
                "pipe", "entry-type", "named pipes are not allowed");
        assertProblem(TestArchives.zip(dir.resolve("c.zip"), List.of(TestArchives.characterDevice("dev/null"))),
                "dev/null", "entry-type", "only regular files and directories are allowed");
    }

    @Test
    void absolutePathsAreRefused() throws IOException {
        for (String name : List.of("/etc/cron.d/evil.csv", "\\evil.csv", "C:/evil.csv")) {
            assertProblem(TestArchives.tar(dir.resolve("a.tar"), List.of(file(name, "x"))), name, "absolute-path",
                    "absolute paths are not allowed");
        }
        assertProblem(TestArchives.zip(dir.resolve("a.zip"), List.of(file("/etc/passwd", "x"))), "/etc/passwd",
                "absolute-path", "absolute paths are not allowed");
        assertProblem(TestArchives.zip(dir.resolve("w.zip"), List.of(file("a\\..\\evil.csv", "x"))), "a/../evil.csv",
                "parent-traversal", "'..' is not allowed in paths");
    }

    @Test
    void parentTraversalIsRefused() throws IOException {
        for (String name : List.of("../evil.csv", "entities/../../evil.csv", "a\\..\\evil.csv")) {
            assertProblem(TestArchives.tar(dir.resolve("t.tar"), List.of(file(name, "x"))), name, "parent-traversal",
                    "'..' is not allowed in paths");
        }
        assertProblem(TestArchives.tar(dir.resolve("t.tar"), List.of(file("./../x", "x"))), "./../x",
                "parent-traversal", "'..' is not allowed in paths");
    }

    @Test
    void badNamesAreRefused() throws IOException {
        assertProblem(TestArchives.zip(dir.resolve("n1.zip"), List.of(file("a\u0000b.csv", "x"))), "a?b.csv",
                "entry-name", "control characters are not allowed in names");
        assertProblem(TestArchives.tar(dir.resolve("n2.tar"), List.of(file("a\\b.csv", "x"))), "a\\b.csv",
                "entry-name", "'\\' is not allowed in names; separate folders with '/'");
        assertProblem(TestArchives.zip(dir.resolve("n3.zip"), List.of(file("a//b.csv", "x"))), "a//b.csv",
                "entry-name", "empty and '.' path segments are not allowed");
        assertProblem(TestArchives.tar(dir.resolve("n4.tar"), List.of(file("a/./b.csv", "x"))), "a/./b.csv",
                "entry-name", "empty and '.' path segments are not allowed");
        String longName = "d/".repeat(2100) + "x.csv";
        ArchiveWalk walk = WALKER.walk(TestArchives.tar(dir.resolve("n5.tar"), List.of(file(longName, "x"))),
                ArchiveFileVisitor.IGNORE_CONTENT);
        assertThat(walk.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.rule()).isEqualTo("entry-name");
            assertThat(problem.detail()).isEqualTo("the name is longer than 4096 characters");
            assertThat(problem.entry()).hasSize(203);
        });
    }

    @Test
    void aPathTwiceIsRefused() throws IOException {
        assertProblem(TestArchives.tar(dir.resolve("d.tar"), List.of(file("a.csv", "x"), file("./a.csv", "y"))),
                "./a.csv", "duplicate-entry", "the archive holds this path more than once");
        assertProblem(TestArchives.zip(dir.resolve("d.zip"), List.of(file("a.csv", "x"), file("a.csv", "y"))),
                "a.csv", "duplicate-entry", "the archive holds this path more than once");
    }

    @Test
    void tooManyEntriesEndTheWalk() throws IOException {
        List<TestArchives.Entry> entries = IntStream.range(0, 25).mapToObj(i -> file("n" + i + ".txt", "x")).toList();
        ArchiveWalk walk = assertProblem(TestArchives.tar(dir.resolve("many.tar"), entries), "n20.txt", "entry-count",
                "the archive has more than 20 entries");
        assertThat(walk.endedEarly()).isTrue();
        assertThat(walk.files()).hasSize(20);
    }

    @Test
    void tooLargeFileIsRefusedWhileReading() throws IOException {
        assertProblem(TestArchives.tar(dir.resolve("big.tar"), List.of(file("big.csv", TestArchives.csv(70_000, true)))),
                "big.csv", "entry-size", "the file is larger than 65536 bytes uncompressed");
    }

    @Test
    void tooLargeTotalIsRefusedWhileReading() throws IOException {
        byte[] part = TestArchives.csv(50_000, true);
        assertProblem(TestArchives.zip(dir.resolve("total.zip"), List.of(file("a.csv", part), file("b.csv", part),
                file("c.csv", part))), "c.csv", "total-size", "the archive's files add up to more than 131072 bytes uncompressed");
    }

    @Test
    void compressionBombsAreRefused() throws IOException {
        byte[] zeros = TestArchives.csv(60_000, false);
        String detail = "the data expands more than 50 times its compressed size (archive bomb?)";
        assertProblem(TestArchives.tarGz(dir.resolve("bomb.tgz"), List.of(file("zeros.csv", zeros))), "zeros.csv",
                "compression-ratio", detail);
        assertProblem(TestArchives.zip(dir.resolve("bomb.zip"), List.of(file("zeros.csv", zeros))), "zeros.csv",
                "compression-ratio", detail);
    }

    @Test
    void smallRegularFilesMayCompressWell() throws IOException {
        ArchiveWalk walk = WALKER.walk(TestArchives.zip(dir.resolve("small.zip"),
                List.of(file("zeros.csv", TestArchives.csv(16_000, false)))), ArchiveFileVisitor.IGNORE_CONTENT);
        assertThat(walk.problems()).isEmpty();
    }

    @Test
    void aTruncatedGzipArchiveIsRefusedInWords() throws IOException {
        Path whole = TestArchives.tarGz(dir.resolve("whole.tgz"), List.of(file("a.csv", TestArchives.csv(40_000, true))));
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(dir.resolve("truncated.tgz"), Arrays.copyOf(bytes, bytes.length / 2));

        assertThat(WALKER.walk(truncated, ArchiveFileVisitor.IGNORE_CONTENT).problems()).containsExactly(
                new ArchiveProblem("(archive)", "archive-format",
                        "not a readable tar.gz archive: the archive ends early (it is truncated or incomplete)"));
    }

    @Test
    void aTruncatedZipIsRefusedInWords() throws IOException {
        Path whole = TestArchives.zip(dir.resolve("whole.zip"), List.of(file("a.csv", TestArchives.csv(40_000, true))));
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(dir.resolve("truncated.zip"), Arrays.copyOf(bytes, bytes.length / 2));

        ArchiveWalk walk = WALKER.walk(truncated, ArchiveFileVisitor.IGNORE_CONTENT);

        assertThat(walk.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.rule()).isEqualTo("archive-format");
            assertThat(problem.detail()).startsWith("not a readable zip archive: ").doesNotContain("null", "Exception");
        });
    }

    @Test
    void everyEntryProblemIsReportedAndGoodFilesAreStillVisited() throws IOException {
        List<String> visited = new ArrayList<>();
        ArchiveWalk walk = WALKER.walk(TestArchives.tar(dir.resolve("mixed.tar"), List.of(
                TestArchives.symlink("l.csv", "../x"), file("ok.csv", "id\n"), file("../up.csv", "x"))),
                (path, in) -> visited.add(path));

        assertThat(walk.problems()).extracting(ArchiveProblem::rule).containsExactly("entry-type", "parent-traversal");
        assertThat(walk.endedEarly()).isFalse();
        assertThat(visited).containsExactly("ok.csv");
        assertThatThrownBy(walk::requireNoProblems).isInstanceOf(ArchiveRefusedException.class)
                .hasMessage("entry 'l.csv': symbolic links are not allowed (to '../x'); "
                        + "entry '../up.csv': '..' is not allowed in paths");
    }

    @Test
    void aVisitorsOwnFailureIsRethrownNotBlamedOnTheArchive() throws IOException {
        Path archive = TestArchives.tar(dir.resolve("ok.tar"), List.of(file("a.csv", "x")));

        assertThatThrownBy(() -> WALKER.walk(archive, (path, in) -> {
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThatThrownBy(() -> WALKER.walk(archive, (path, in) -> {
            throw new UncheckedIOException(new IOException("boom"));
        })).isInstanceOf(UncheckedIOException.class);
        assertThat(WALKER.walk(archive, (path, in) -> {
            throw new ArchiveRefusedException(path, "custom", "not wanted");
        }).problems()).containsExactly(new ArchiveProblem("a.csv", "custom", "not wanted"));
    }

    @Test
    void aTarOrTarGzStreamIsWalkedAsItsFileIsAndLeftOpen() throws IOException {
        List<TestArchives.Entry> entries = List.of(TestArchives.directory("data"), file("data/a.csv", "id\n1\n"),
                file("b.csv", TestArchives.csv(40_000, true)));
        for (Path archive : List.of(TestArchives.tar(dir.resolve("s.tar"), entries), TestArchives.tarGz(dir.resolve("s.tgz"), entries))) {
            ArchiveFormat format = ArchiveFormat.detect(archive).orElseThrow();
            boolean[] closed = {false};
            Map<String, Integer> read = new LinkedHashMap<>();
            try (var in = new java.io.FilterInputStream(Files.newInputStream(archive)) {
                @Override
                public void close() throws IOException {
                    closed[0] = true;
                    super.close();
                }
            }) {
                ArchiveWalk walk = WALKER.walk(in, format, (path, content) -> read.put(path, content.readAllBytes().length));

                assertThat(walk).isEqualTo(WALKER.walk(archive, format, ArchiveFileVisitor.IGNORE_CONTENT));
                assertThat(read).containsExactly(Map.entry("data/a.csv", 5), Map.entry("b.csv", 40_000));
                assertThat(closed[0]).as("the stream is its owner's to close").isFalse();
            }
        }
        Path zip = TestArchives.zip(dir.resolve("s.zip"), entries);
        assertThat(ArchiveFormat.ZIP.readableAsStream()).isFalse();
        assertThatThrownBy(() -> WALKER.walk(Files.newInputStream(zip), ArchiveFormat.ZIP, ArchiveFileVisitor.IGNORE_CONTENT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The problem, walking the file; and walking it as a stream too, when its format can be. */
    private ArchiveWalk assertProblem(Path archive, String entry, String rule, String detail) throws IOException {
        ArchiveWalk walk = WALKER.walk(archive, ArchiveFileVisitor.IGNORE_CONTENT);
        assertThat(walk.problems()).containsExactly(new ArchiveProblem(entry, rule, detail));
        if (walk.format() != null && walk.format().readableAsStream()) {
            try (var in = Files.newInputStream(archive)) {
                assertThat(WALKER.walk(in, walk.format(), ArchiveFileVisitor.IGNORE_CONTENT).problems()).as("as a stream")
                        .containsExactly(new ArchiveProblem(entry, rule, detail));
            }
        }
        return walk;
    }
}
