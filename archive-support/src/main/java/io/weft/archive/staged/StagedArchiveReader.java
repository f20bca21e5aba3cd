package io.weft.archive.staged;

import java.io.IOException;
import java.nio.file.Path;

/** What a worker does with a verified staged archive: walk it, extract it. */
@FunctionalInterface
public interface StagedArchiveReader<T> {

    /**
     * @param file the verified archive, a local file valid for the duration of the call
     * @throws io.weft.archive.ArchiveRefusedException when the archive breaks a rule (not retried)
     * @throws IOException                             when reading or writing fails (retried)
     */
    T read(Path file) throws IOException;
}
