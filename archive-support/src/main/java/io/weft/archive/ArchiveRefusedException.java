package io.weft.archive;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An archive breaks its rules: not retriable, the same bytes break them again. The message lists every
 * problem in words.
 */
public class ArchiveRefusedException extends RuntimeException {

    private final transient List<ArchiveProblem> problems;

    public ArchiveRefusedException(List<ArchiveProblem> problems) {
        super(problems.stream().map(ArchiveProblem::describe).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** One problem with one entry, or with {@link ArchiveProblem#WHOLE_ARCHIVE}. */
    public ArchiveRefusedException(String entry, String rule, String detail) {
        this(List.of(new ArchiveProblem(entry, rule, detail)));
    }

    public List<ArchiveProblem> problems() {
        return problems;
    }
}
