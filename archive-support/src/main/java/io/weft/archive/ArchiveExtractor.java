package io.weft.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Extracts chosen files of an archive, during the same {@link ArchiveWalker walk} that enforces the rules.
 * The caller names each target file: no name ever comes from the archive, so no entry can write anywhere
 * else, and a target that already exists is never overwritten.
 */
public final class ArchiveExtractor {

    private ArchiveExtractor() {
    }

    /**
     * Writes each wanted entry to its target (whose directory must exist) and reads the rest.
     *
     * @param targets the normalised entry paths wanted, each with the file to write it to
     * @return the walk: every file's size, so the caller can tell which wanted entries were missing
     * @throws ArchiveRefusedException when the archive breaks a rule; the targets written so far are the caller's
     *                                 to remove (typically with the working directory they are in)
     * @throws IOException             when a target cannot be written
     */
    public static ArchiveWalk extract(ArchiveWalker walker, Path archive, Map<String, Path> targets) throws IOException {
        ArchiveWalk walk = walker.walk(archive, (path, content) -> {
            Path target = targets.get(path);
            if (target != null) {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    content.transferTo(out);
                }
            }
        });
        return walk.requireNoProblems();
    }
}
