package io.weft.deployer.definition;

import java.util.Locale;
import java.util.Optional;

/** Rules for the paths of definition files, shared by inline parts and archive entries. */
final class DefinitionPaths {

    private DefinitionPaths() {
    }

    /**
     * Why a path cannot be a definition part, or empty when it can. Paths are relative, forward-slash
     * separated, without {@code .} or {@code ..} segments: Fabric takes them as they are, and an archive entry
     * with such a path is either a mistake or an attempt to escape the model folder.
     */
    static Optional<String> problem(String path) {
        if (path == null || path.isBlank()) {
            return Optional.of("a part has an empty path");
        }
        if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
            return Optional.of("part '" + path + "' has an absolute path; paths are relative to the model folder");
        }
        if (path.indexOf('\\') >= 0) {
            return Optional.of("part '" + path + "' uses '\\'; separate folders with '/'");
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.of("part '" + printable(path) + "' has control characters in its path");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.of("part '" + path + "' has an empty, '.' or '..' path segment");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a file is local tooling state rather than part of the model: Power BI Desktop's {@code .pbi/}
     * folder (local settings, the data cache) and operating-system litter. Such files are left out, as
     * Fabric's git integration and fabric-cicd leave them out.
     */
    static boolean isLocalOnly(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        String name = lower.substring(lower.lastIndexOf('/') + 1);
        return lower.startsWith(".pbi/") || lower.contains("/.pbi/") || lower.startsWith("__macosx/")
                || name.equals(".ds_store") || name.equals("thumbs.db") || name.equals("desktop.ini");
    }

    private static String printable(String path) {
        return path.replaceAll("\\p{Cntrl}", "?");
    }
}
