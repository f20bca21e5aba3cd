package io.weft.archive;

import java.util.List;
import java.util.Map;

/**
 * What walking an archive found.
 *
 * @param format   the format the content was read as
 * @param files    the regular files that passed the entry rules, by normalised path, with their uncompressed size
 * @param problems the rules broken; a limit breach ends the walk, so later entries are not listed
 */
public record ArchiveWalk(ArchiveFormat format, Map<String, Long> files, List<ArchiveProblem> problems) {

    /** Whether a problem ended the walk early, so that {@link #files()} is incomplete. */
    public boolean endedEarly() {
        return problems.stream().anyMatch(ArchiveRules::endsWalk);
    }

    /** @throws ArchiveRefusedException when any rule was broken */
    public ArchiveWalk requireNoProblems() {
        if (!problems.isEmpty()) {
            throw new ArchiveRefusedException(problems);
        }
        return this;
    }
}
