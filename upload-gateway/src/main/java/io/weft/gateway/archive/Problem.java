package io.weft.gateway.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weft.archive.ArchiveProblem;

/**
 * One thing wrong with a request: the archive entry or the form field it concerns, the rule it breaks
 * (a stable, documented identifier) and a sentence for humans.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String entry, String field, String rule, String detail) {

    /** The archive as a whole, where no single entry is to blame. */
    public static final String WHOLE_ARCHIVE = ArchiveProblem.WHOLE_ARCHIVE;

    /** An archive rule broken, as archive-support found it. */
    public static Problem of(ArchiveProblem problem) {
        return ofEntry(problem.entry(), problem.rule(), problem.detail());
    }

    public static Problem ofEntry(String entry, String rule, String detail) {
        return new Problem(entry, null, rule, detail);
    }

    public static Problem ofField(String field, String rule, String detail) {
        return new Problem(null, field, rule, detail);
    }
}
