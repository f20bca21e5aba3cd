package io.weft.archive;

/**
 * The identifiers of the archive rules, as the gateway shows them in problem+json {@code errors[].rule} and
 * the workers in their refusals.
 */
public final class ArchiveRules {

    /** Not a tar, tar.gz or zip archive, unreadable, or an encrypted/unsupported zip entry. */
    public static final String ARCHIVE_FORMAT = "archive-format";
    /** Anything but a regular file or a directory: links, devices, pipes, sparse files. */
    public static final String ENTRY_TYPE = "entry-type";
    /** A name starting with {@code /}, {@code \} or a drive letter. */
    public static final String ABSOLUTE_PATH = "absolute-path";
    /** A {@code ..} path segment. */
    public static final String PARENT_TRAVERSAL = "parent-traversal";
    /** A name with control characters, backslashes, empty or {@code .} segments, or too long. */
    public static final String ENTRY_NAME = "entry-name";
    /** The same path twice. */
    public static final String DUPLICATE_ENTRY = "duplicate-entry";
    /** More entries than {@link ArchiveLimits#maxEntries()}. */
    public static final String ENTRY_COUNT = "entry-count";
    /** A file above {@link ArchiveLimits#maxEntryBytes()}. */
    public static final String ENTRY_SIZE = "entry-size";
    /** All files together above {@link ArchiveLimits#maxTotalBytes()}. */
    public static final String TOTAL_SIZE = "total-size";
    /** Data that expands more than {@link ArchiveLimits#maxCompressionRatio()} times (an archive bomb). */
    public static final String COMPRESSION_RATIO = "compression-ratio";
    /** A worker's archive does not hold what its command's manifest lists (paths, sizes). */
    public static final String MANIFEST_MISMATCH = "manifest-mismatch";

    private ArchiveRules() {
    }

    /** Whether breaking the rule ended the walk, so that later entries were not seen. */
    public static boolean endsWalk(ArchiveProblem problem) {
        return switch (problem.rule()) {
            case ENTRY_COUNT, ENTRY_SIZE, TOTAL_SIZE, COMPRESSION_RATIO -> true;
            case ARCHIVE_FORMAT -> ArchiveProblem.WHOLE_ARCHIVE.equals(problem.entry());
            default -> false;
        };
    }
}
