package io.weft.archive;

/**
 * One rule an archive breaks.
 *
 * @param entry  the entry's name as written in the archive, or {@link #WHOLE_ARCHIVE}
 * @param rule   one of {@link ArchiveRules}
 * @param detail a sentence for humans, naming what is wrong in words
 */
public record ArchiveProblem(String entry, String rule, String detail) {

    /** The archive as a whole, where no single entry is to blame. */
    public static final String WHOLE_ARCHIVE = "(archive)";

    /** {@code entry 'x': detail}, or the detail alone for the whole archive. */
    public String describe() {
        return WHOLE_ARCHIVE.equals(entry) ? detail : "entry '" + entry + "': " + detail;
    }
}
