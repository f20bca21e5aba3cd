package io.weft.local;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Packs a scenario folder as the tar.gz a web client would upload. */
final class Archives {

    private Archives() {
    }

    static Path tarGz(Path folder, Path target) throws IOException {
        try (OutputStream file = Files.newOutputStream(target);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file));
                Stream<Path> walk = Files.walk(folder)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path path : files) {
                TarArchiveEntry entry = new TarArchiveEntry(path.toFile(), folder.relativize(path).toString().replace('\\', '/'));
                tar.putArchiveEntry(entry);
                Files.copy(path, tar);
                tar.closeArchiveEntry();
            }
        }
        return target;
    }
}
