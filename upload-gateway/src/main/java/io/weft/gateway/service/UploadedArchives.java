package io.weft.gateway.service;

import io.weft.archive.ArchiveFormat;
import io.weft.gateway.archive.Problem;
import io.weft.gateway.archive.Rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The format of an uploaded archive, from its content: the client's file name only names it in messages. */
final class UploadedArchives {

    private UploadedArchives() {
    }

    /** The format, or empty with a problem of the {@code archive} field added. */
    static Optional<ArchiveFormat> format(Path archive, String fileName, List<Problem> problems) {
        Optional<ArchiveFormat> format;
        try {
            format = ArchiveFormat.detect(archive);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the uploaded file", e);
        }
        return known(format, fileName, problems);
    }

    /**
     * The format of the archive {@code upload} begins (reset to its first byte), or empty with a problem of the
     * {@code archive} field added.
     *
     * @param upload a stream that supports mark and reset
     */
    static Optional<ArchiveFormat> format(InputStream upload, String fileName, List<Problem> problems) throws IOException {
        return known(ArchiveFormat.detect(upload), fileName, problems);
    }

    private static Optional<ArchiveFormat> known(Optional<ArchiveFormat> format, String fileName, List<Problem> problems) {
        if (format.isEmpty()) {
            problems.add(Problem.ofField("archive", Rules.ARCHIVE_FORMAT, "'" + fileName + "' is not "
                    + ArchiveFormat.ACCEPTED));
        }
        return format;
    }
}
