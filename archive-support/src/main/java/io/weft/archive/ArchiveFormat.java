package io.weft.archive;

import org.apache.commons.compress.archivers.ArchiveException;
import org.apache.commons.compress.archivers.ArchiveStreamFactory;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The archive formats Weft accepts, told apart by their content (commons-compress's own signature detection),
 * never by the name a client chose: a gzip stream is taken as a tar.gz, the walk then finds out whether a tar
 * is inside.
 */
public enum ArchiveFormat {
    TAR("tar"), TAR_GZ("tar.gz"), ZIP("zip");

    private final String label;

    ArchiveFormat(String label) {
        this.label = label;
    }

    /** The format's usual name, for messages: {@code tar}, {@code tar.gz}, {@code zip}. */
    public String label() {
        return label;
    }

    /**
     * Whether an archive of this format can be walked as its bytes arrive, front to back: tar and tar.gz can; a zip's
     * listing is its central directory, at its end, which needs random access to the file.
     */
    public boolean readableAsStream() {
        return this != ZIP;
    }

    /** What all formats are called in a refusal. */
    public static final String ACCEPTED = "a tar, tar.gz or zip archive";

    /**
     * The file's format, or empty when its content is none of the accepted ones (another archive or
     * compression format, or no archive at all).
     */
    public static Optional<ArchiveFormat> detect(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return detect(in);
        }
    }

    /**
     * The format of the archive {@code in} begins, read from its first bytes and reset to them, so that the caller
     * reads the archive whole.
     *
     * @param in a stream that supports {@link InputStream#mark(int)}, such as a {@link BufferedInputStream}
     */
    public static Optional<ArchiveFormat> detect(InputStream in) throws IOException {
        if (!in.markSupported()) {
            throw new IllegalArgumentException("the stream must support mark and reset");
        }
        if (isGzip(in)) {
            return Optional.of(TAR_GZ);
        }
        return archiver(in);
    }

    private static boolean isGzip(InputStream in) throws IOException {
        try {
            return CompressorStreamFactory.GZIP.equals(CompressorStreamFactory.detect(in));
        } catch (CompressorException none) {
            return false;
        }
    }

    private static Optional<ArchiveFormat> archiver(InputStream in) {
        try {
            return switch (ArchiveStreamFactory.detect(in)) {
                case ArchiveStreamFactory.TAR -> Optional.of(TAR);
                case ArchiveStreamFactory.ZIP, ArchiveStreamFactory.JAR -> Optional.of(ZIP);
                default -> Optional.empty();
            };
        } catch (ArchiveException none) {
            return Optional.empty();
        }
    }
}
