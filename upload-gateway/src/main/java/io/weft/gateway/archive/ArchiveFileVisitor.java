package io.weft.gateway.archive;

import java.io.IOException;
import java.io.InputStream;

/** Reads the content of one regular file of an archive while it is scanned. */
@FunctionalInterface
public interface ArchiveFileVisitor {

    /** A visitor for archives whose file contents do not matter beyond the entry rules. */
    ArchiveFileVisitor IGNORE_CONTENT = (path, content) -> {
    };

    /**
     * Called once per regular file that passed the entry rules. The visitor may read as much of
     * {@code content} as it needs; the scanner reads the rest to measure the file, and must not be closed.
     */
    void visit(String path, InputStream content) throws IOException;
}
