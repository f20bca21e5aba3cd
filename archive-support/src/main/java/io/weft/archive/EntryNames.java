package io.weft.archive;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for entry names: relative, forward-slash separated, no {@code ..}, {@code .} or empty segments, no
 * control characters, at most {@link ArchiveLimits#MAX_NAME_LENGTH} characters. Leading {@code ./} segments,
 * which tar tools write, are dropped first, and a directory's trailing {@code /} is allowed.
 */
public final class EntryNames {

    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);

    private EntryNames() {
    }

    /** An entry name without leading {@code ./} segments. */
    public static String normalise(String name) {
        String path = name;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        return path;
    }

    /** The rule an entry name breaks, if any; the problem names the entry as written. */
    public static Optional<ArchiveProblem> problem(String entry) {
        String name = normalise(entry);
        if (name.startsWith("/") || name.startsWith("\\") || DRIVE_LETTER.matcher(name).matches()) {
            return Optional.of(new ArchiveProblem(entry, ArchiveRules.ABSOLUTE_PATH, "absolute paths are not allowed"));
        }
        for (String segment : name.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                return Optional.of(new ArchiveProblem(entry, ArchiveRules.PARENT_TRAVERSAL, "'..' is not allowed in paths"));
            }
        }
        if (name.length() > ArchiveLimits.MAX_NAME_LENGTH) {
            return Optional.of(new ArchiveProblem(printable(entry.substring(0, 200)) + "...", ArchiveRules.ENTRY_NAME,
                    "the name is longer than " + ArchiveLimits.MAX_NAME_LENGTH + " characters"));
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.of(new ArchiveProblem(printable(entry), ArchiveRules.ENTRY_NAME,
                    "control characters are not allowed in names"));
        }
        if (name.indexOf('\\') >= 0) {
            return Optional.of(new ArchiveProblem(entry, ArchiveRules.ENTRY_NAME,
                    "'\\' is not allowed in names; separate folders with '/'"));
        }
        String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                return Optional.of(new ArchiveProblem(entry, ArchiveRules.ENTRY_NAME,
                        "empty and '.' path segments are not allowed"));
            }
        }
        return Optional.empty();
    }

    private static String printable(String name) {
        return name.replaceAll("\\p{Cntrl}", "?");
    }
}
