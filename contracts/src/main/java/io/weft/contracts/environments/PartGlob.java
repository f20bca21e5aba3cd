package io.weft.contracts.environments;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;

/**
 * A replacement's {@code files} glob over definition part paths ({@code /}-separated, relative), with the JDK's
 * glob syntax: {@code *} within a folder, {@code **} across folders, {@code ?}, {@code [abc]}, {@code {a,b}}.
 */
final class PartGlob {

    private final PathMatcher matcher;

    /** @throws IllegalArgumentException when the glob is malformed (with the JDK's reason) */
    PartGlob(String glob) {
        this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }

    boolean matches(String partPath) {
        return matcher.matches(Path.of(partPath));
    }
}
