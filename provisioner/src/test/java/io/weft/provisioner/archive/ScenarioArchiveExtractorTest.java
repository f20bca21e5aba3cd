package io.weft.provisioner.archive;

import io.weft.archive.ArchiveRefusedException;
import io.weft.contracts.command.ScenarioManifest;
import io.weft.contracts.command.TableManifest;
import io.weft.provisioner.ScenarioArchives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioArchiveExtractorTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;

    @TempDir
    Path temp;

    @Test
    void extractsTheManifestTablesOfATarGzAndSkipsOtherEntries() throws Exception {
        ScenarioArchives archives = ScenarioArchives.retail();
        Path out = Files.createDirectory(temp.resolve("out"));

        List<ExtractedTable> tables = ScenarioArchiveExtractor.extract(archives.writeTarGz(temp.resolve("a.tar.gz")),
                archives.manifest(), out, NO_LIMIT);

        assertThat(tables).extracting(ExtractedTable::table).containsExactly("customers", "products", "orders", "order_lines");
        assertThat(tables.get(0).file()).isEqualTo(out.resolve("customers.csv"));
        assertThat(Files.readString(tables.get(0).file())).startsWith("id,name,city,vip\n1,Ada");
        try (var listing = Files.list(out)) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("customers.csv", "products.csv", "orders.csv", "order_lines.csv");
        }
    }

    @Test
    void readsZipAndPlainTarWhateverTheirName() throws Exception {
        ScenarioArchives archives = ScenarioArchives.create().file("retail/entities/a.csv", "id\n1\n");
        Path zipOut = Files.createDirectory(temp.resolve("zip"));
        Path tarOut = Files.createDirectory(temp.resolve("tar"));

        assertThat(ScenarioArchiveExtractor.extract(archives.writeZip(temp.resolve("x.bin")), archives.manifest(), zipOut, NO_LIMIT))
                .singleElement().satisfies(t -> assertThat(Files.readString(t.file())).isEqualTo("id\n1\n"));
        assertThat(ScenarioArchiveExtractor.extract(archives.writeTar(temp.resolve("y.bin")), archives.manifest(), tarOut, NO_LIMIT))
                .singleElement().satisfies(t -> assertThat(Files.readString(t.file())).isEqualTo("id\n1\n"));
    }

    @Test
    void rejectsPathTraversalAnywhereInTheArchive() throws Exception {
        ScenarioArchives archives = ScenarioArchives.create().file("entities/a.csv", "id\n1\n").file("../evil.csv", "x");

        assertThatThrownBy(() -> ScenarioArchiveExtractor.extract(archives.writeTarGz(temp.resolve("a.tar.gz")),
                archives.manifest(), temp, NO_LIMIT))
                .isInstanceOf(ArchiveRefusedException.class).hasMessageContaining("entry '../evil.csv': '..' is not allowed in paths");
        assertThat(temp.getParent().resolve("evil.csv")).doesNotExist();
    }

    @Test
    void rejectsLinks() throws Exception {
        ScenarioArchives archives = ScenarioArchives.create().file("entities/a.csv", "id\n1\n")
                .symlink("entities/b.csv", "/etc/passwd");

        assertThatThrownBy(() -> ScenarioArchiveExtractor.extract(archives.writeTar(temp.resolve("a.tar")),
                archives.manifest(), temp, NO_LIMIT))
                .isInstanceOf(ArchiveRefusedException.class).hasMessageContaining("entry 'entities/b.csv': symbolic links are not allowed (to '/etc/passwd')");
    }

    @Test
    void rejectsAManifestPathOutsideEntities() throws Exception {
        ScenarioArchives archives = ScenarioArchives.create().file("entities/a.csv", "id\n1\n");
        ScenarioManifest manifest = new ScenarioManifest(List.of(new TableManifest("a", "other/a.csv", List.of("id"), 5)), 5);

        assertThatThrownBy(() -> ScenarioArchiveExtractor.extract(archives.writeTarGz(temp.resolve("a.tar.gz")), manifest,
                temp, NO_LIMIT))
                .isInstanceOf(ArchiveRefusedException.class).hasMessageContaining("not a CSV file directly in an entities/ folder");
    }

    @Test
    void rejectsSizesThatDifferFromTheManifestAndMissingEntries() throws Exception {
        ScenarioArchives archives = ScenarioArchives.create().file("entities/a.csv", "id\n1\n");
        Path archive = archives.writeTarGz(temp.resolve("a.tar.gz"));

        ScenarioManifest smaller = new ScenarioManifest(List.of(new TableManifest("a", "entities/a.csv", List.of("id"), 3)), 3);
        assertThatThrownBy(() -> ScenarioArchiveExtractor.extract(archive, smaller, Files.createDirectory(temp.resolve("1")), NO_LIMIT))
                .isInstanceOf(ArchiveRefusedException.class).hasMessage("entry 'entities/a.csv': the file has 5 bytes, the manifest says 3");

        ScenarioManifest missing = new ScenarioManifest(List.of(new TableManifest("a", "entities/a.csv", List.of("id"), 5),
                new TableManifest("b", "entities/b.csv", List.of("id"), 5)), 10);
        assertThatThrownBy(() -> ScenarioArchiveExtractor.extract(archive, missing, Files.createDirectory(temp.resolve("2")), NO_LIMIT))
                .isInstanceOf(ArchiveRefusedException.class).hasMessage("entry 'entities/b.csv': the archive has no file 'entities/b.csv' listed in the manifest");
    }

    @Test
    void boundsTheTotalExtracted() throws Exception {
        ScenarioArchives archives = ScenarioArchives.create().file("entities/a.csv", "id\n1\n").file("entities/b.csv", "id\n2\n");

        assertThatThrownBy(() -> ScenarioArchiveExtractor.extract(archives.writeTarGz(temp.resolve("a.tar.gz")),
                archives.manifest(), temp, 8))
                .isInstanceOf(ArchiveRefusedException.class).hasMessageContaining("the archive's files add up to more than 8 bytes uncompressed");
    }

    @Test
    void rejectsWhatIsNoArchive() throws Exception {
        Path text = Files.writeString(temp.resolve("x.tar.gz"), "hello");

        assertThatThrownBy(() -> ScenarioArchiveExtractor.extract(text, ScenarioArchives.create().file("entities/a.csv", "id\n")
                .manifest(), temp, NO_LIMIT))
                .isInstanceOf(ArchiveRefusedException.class).hasMessage("the file is not a tar, tar.gz or zip archive");
    }
}
