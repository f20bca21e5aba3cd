package io.weft.testsupport.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Crafted archives for tests, including the hostile entries no ordinary tool would write: written to a given path, or
 * by file name into a fresh directory under {@code target/test-archives}.
 */
public final class TestArchives {

    private static final Path DIRECTORY = Path.of("target", "test-archives");

    private TestArchives() {
    }

    /** One entry; {@code type} is a tar link flag. */
    public record Entry(String name, byte[] content, byte type, String linkName) {
    }

    public static Entry file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public static Entry file(String name, byte[] content) {
        return new Entry(name, content, TarConstants.LF_NORMAL, null);
    }

    public static Entry directory(String name) {
        return new Entry(name.endsWith("/") ? name : name + "/", new byte[0], TarConstants.LF_DIR, null);
    }

    public static Entry symlink(String name, String target) {
        return new Entry(name, new byte[0], TarConstants.LF_SYMLINK, target);
    }

    public static Entry hardLink(String name, String target) {
        return new Entry(name, new byte[0], TarConstants.LF_LINK, target);
    }

    public static Entry characterDevice(String name) {
        return new Entry(name, new byte[0], TarConstants.LF_CHR, null);
    }

    public static Entry blockDevice(String name) {
        return new Entry(name, new byte[0], TarConstants.LF_BLK, null);
    }

    public static Entry fifo(String name) {
        return new Entry(name, new byte[0], TarConstants.LF_FIFO, null);
    }

    /** About {@code size} bytes of CSV: random digits (incompressible) or zeros (a bomb's filling). */
    public static byte[] csv(int size, boolean random) {
        byte[] bytes = new byte[size];
        Random digits = new Random(42);
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i % 32 == 31 ? '\n' : random ? '0' + digits.nextInt(10) : '0');
        }
        return bytes;
    }

    /** A valid scenario: customers and orders. */
    public static List<Entry> retail() {
        return List.of(
                directory("entities"),
                file("entities/customers.csv", "id,name,city\n1,Ada,London\n2,Linus,Helsinki\n"),
                file("entities/orders.csv", "id,customers_id,total\n10,1,12.50\n11,2,7.00\n"));
    }

    public static Path tarGz(String fileName, List<Entry> entries) {
        return tarGz(freshFile(fileName), entries);
    }

    public static Path tar(String fileName, List<Entry> entries) {
        return tar(freshFile(fileName), entries);
    }

    public static Path zip(String fileName, List<Entry> entries) {
        return zip(freshFile(fileName), entries);
    }

    private static Path freshFile(String fileName) {
        try {
            Files.createDirectories(DIRECTORY);
            return Files.createTempDirectory(DIRECTORY, "a").resolve(fileName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path tarGz(Path file, List<Entry> entries) {
        return write(file, out -> writeTar(new GzipCompressorOutputStream(out), entries));
    }

    public static Path tar(Path file, List<Entry> entries) {
        return write(file, out -> writeTar(out, entries));
    }

    public static Path zip(Path file, List<Entry> entries) {
        return write(file, out -> {
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
                for (Entry entry : entries) {
                    ZipArchiveEntry zipEntry = new ZipArchiveEntry(entry.name());
                    if (entry.type() == TarConstants.LF_SYMLINK) {
                        zipEntry.setUnixMode(0120777);
                        zip.putArchiveEntry(zipEntry);
                        zip.write(entry.linkName().getBytes(StandardCharsets.UTF_8));
                    } else if (entry.type() == TarConstants.LF_CHR) {
                        zipEntry.setUnixMode(0020644);
                        zip.putArchiveEntry(zipEntry);
                    } else {
                        zip.putArchiveEntry(zipEntry);
                        zip.write(entry.content());
                    }
                    zip.closeArchiveEntry();
                }
            }
        });
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static Path write(Path file, Writer writer) {
        try (OutputStream out = Files.newOutputStream(file)) {
            writer.write(out);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeTar(OutputStream out, List<Entry> entries) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry entry : entries) {
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.name(), entry.type(), true);
                if (entry.linkName() != null) {
                    tarEntry.setLinkName(entry.linkName());
                }
                tarEntry.setSize(entry.type() == TarConstants.LF_NORMAL ? entry.content().length : 0);
                tar.putArchiveEntry(tarEntry);
                if (entry.type() == TarConstants.LF_NORMAL) {
                    tar.write(entry.content());
                }
                tar.closeArchiveEntry();
            }
        }
    }
}
