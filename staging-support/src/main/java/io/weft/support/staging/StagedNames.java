package io.weft.support.staging;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Names of staged objects: a random UUID plus the archive extension of the client's file name. */
final class StagedNames {

    private static final Pattern SIMPLE_EXTENSION = Pattern.compile("\\.[a-z0-9]{1,10}$");

    private StagedNames() {
    }

    static String newName(String fileName) {
        return UUID.randomUUID() + extensionOf(fileName);
    }

    /** {@code .tar.gz} for {@code x.tar.gz}, {@code .zip} for {@code x.ZIP}; empty when there is none. */
    static String extensionOf(String fileName) {
        if (fileName == null) {
            return "";
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tar.gz")) {
            return ".tar.gz";
        }
        var matcher = SIMPLE_EXTENSION.matcher(lower);
        return matcher.find() ? matcher.group() : "";
    }
}
