package io.weft.deployer.definition;

import io.weft.archive.ArchiveRefusedException;
import io.weft.contracts.command.DefinitionFormat;
import io.weft.deployer.ModelFolders;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.weft.deployer.ModelFolders.SALES_TMDL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveReaderTest {

    @TempDir
    Path dir;

    @Test
    void tarGzWithATopLevelFolderReadsAsTheFolder() throws IOException {
        Path archive = ModelFolders.tarGz(SALES_TMDL, dir.resolve("upload.bin"));

        List<DefinitionFile> files = ArchiveReader.read(archive, "sales.tar.gz", PackagingLimits.DEFAULT);

        assertThat(files).extracting(DefinitionFile::path).contains("definition.pbism", "definition/tables/Sales.tmdl");
        assertThat(new DefinitionPackager(PackagingLimits.DEFAULT).pack(DefinitionFormat.TMDL, files))
                .isEqualTo(new DefinitionPackager(PackagingLimits.DEFAULT).pack(DefinitionFormat.TMDL, ModelFolders.files(SALES_TMDL)));
    }

    @Test
    void zipAtTheRootReadsAsIs() throws IOException {
        Path archive = ModelFolders.zip(ModelFolders.files(SALES_TMDL), dir.resolve("sales.zip"));

        List<DefinitionFile> files = ArchiveReader.read(archive, "sales.zip", PackagingLimits.DEFAULT);

        assertThat(files).extracting(DefinitionFile::path).containsExactlyInAnyOrderElementsOf(
                ModelFolders.files(SALES_TMDL).stream().map(DefinitionFile::path).toList());
    }

    @Test
    void somethingElseIsNotAnArchive() throws IOException {
        Path file = Files.writeString(dir.resolve("model.tar.gz"), "definitely not an archive");

        assertThatThrownBy(() -> ArchiveReader.read(file, "model.tar.gz", PackagingLimits.DEFAULT))
                .isInstanceOf(ArchiveRefusedException.class)
                .hasMessage("the file is not a tar, tar.gz or zip archive");
    }

    @Test
    void linksAndEscapingEntriesAreRefused() throws IOException {
        Path link = dir.resolve("link.tar");
        try (OutputStream out = Files.newOutputStream(link); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry entry = new TarArchiveEntry("definition.pbism", TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName("/etc/passwd");
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        }
        assertThatThrownBy(() -> ArchiveReader.read(link, "link.tar", PackagingLimits.DEFAULT))
                .isInstanceOf(ArchiveRefusedException.class)
                .hasMessage("entry 'definition.pbism': symbolic links are not allowed (to '/etc/passwd')");

        Path escaping = ModelFolders.zip(List.of(new DefinitionFile("../../evil.tmdl", new byte[] {1})), dir.resolve("evil.zip"));
        assertThatThrownBy(() -> ArchiveReader.read(escaping, "evil.zip", PackagingLimits.DEFAULT))
                .isInstanceOf(ArchiveRefusedException.class)
                .hasMessage("entry '../../evil.tmdl': '..' is not allowed in paths");
    }

    @Test
    void expansionBeyondTheLimitStopsWhileReading() throws IOException {
        byte[] zeros = new byte[2_000_000];
        Path bomb = ModelFolders.zip(List.of(new DefinitionFile("definition/model.tmdl", zeros)), dir.resolve("bomb.zip"));
        assertThat(Files.size(bomb)).isLessThan(100_000);

        assertThatThrownBy(() -> ArchiveReader.read(bomb, "bomb.zip", new PackagingLimits(10, 1_000_000)))
                .isInstanceOf(ArchiveRefusedException.class)
                .hasMessageContaining("entry 'definition/model.tmdl': the file is larger than 1000000 bytes uncompressed");
    }

    @Test
    void moreFilesThanADefinitionMayHaveAreRefused() throws IOException {
        Path many = ModelFolders.zip(ModelFolders.files(SALES_TMDL), dir.resolve("many.zip"));

        assertThatThrownBy(() -> ArchiveReader.read(many, "many.zip", new PackagingLimits(2, 1_000_000)))
                .isInstanceOf(ArchiveRefusedException.class)
                .hasMessageEndingWith("the archive holds more than 2 files");
    }

    @Test
    void topFolderIsKeptWhenFilesAreAlreadyAtTheRoot() {
        List<DefinitionFile> files = List.of(
                new DefinitionFile("definition.pbism", "{}".getBytes(StandardCharsets.UTF_8)),
                new DefinitionFile("definition/model.tmdl", "model Model".getBytes(StandardCharsets.UTF_8)));

        assertThat(ArchiveReader.withoutTopFolder(files)).isEqualTo(files);
    }
}
