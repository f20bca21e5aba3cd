package io.weft.archive;

import java.io.IOException;
import java.io.InputStream;

/** Reads the content of one regular file of an archive while it is walked. */
@FunctionalInterface
public interface ArchiveFileVisitor {

    /** A visitor for archives whose file contents do not matter beyond the entry rules. */
    ArchiveFileVisitor IGNORE_CONTENT = (path, content) -> {
    };

    /**
     * Called once per regular file that passed the entry rules. The visitor may read as much of
     * {@code content} as it needs (the walker reads the rest to measure the file) and must not close it.
     * Throwing {@link ArchiveRefusedException} ends the walk with its problems; any other exception ends it and
     * is rethrown by {@link ArchiveWalker#walk}.
     *
     * @param path the normalised path (no leading {@code ./})
     */
    void visit(String path, InputStream content) throws IOException;
}
