package io.weft.gateway.archive;

import java.util.Locale;
import java.util.Optional;

/** The archive formats accepted, recognised by the file name's extension. */
public enum ArchiveFormat {
    TAR, TAR_GZ, ZIP;

    public static Optional<ArchiveFormat> ofFileName(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
            return Optional.of(TAR_GZ);
        }
        if (lower.endsWith(".tar")) {
            return Optional.of(TAR);
        }
        if (lower.endsWith(".zip")) {
            return Optional.of(ZIP);
        }
        return Optional.empty();
    }
}
