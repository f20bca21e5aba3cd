package io.weft.fabric.client.onelake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * One file to upload: where it goes (relative to the target directory) and where its bytes come from — a file on
 * disk or a stream of known length. Neither is read into memory whole.
 */
public final class UploadFile {

    private final String targetName;
    private final Path source;
    private final Supplier<InputStream> stream;
    private final long length;

    private UploadFile(String targetName, Path source, Supplier<InputStream> stream, long length) {
        if (targetName == null || targetName.isBlank() || targetName.startsWith("/") || targetName.contains("..")) {
            throw new IllegalArgumentException("Upload target name must be a relative path without '..': " + targetName);
        }
        this.targetName = targetName;
        this.source = source;
        this.stream = stream;
        this.length = length;
    }

    public static UploadFile fromPath(String targetName, Path source) {
        try {
            return new UploadFile(targetName, source, null, Files.size(source));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read size of " + source, e);
        }
    }

    /** {@code stream} is opened once, when the upload starts, and closed after it. */
    public static UploadFile fromStream(String targetName, Supplier<InputStream> stream, long length) {
        return new UploadFile(targetName, null, stream, length);
    }

    public String targetName() {
        return targetName;
    }

    public long length() {
        return length;
    }

    Path source() {
        return source;
    }

    Supplier<InputStream> stream() {
        return stream;
    }
}
