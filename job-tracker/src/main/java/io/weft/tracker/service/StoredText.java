package io.weft.tracker.service;

/**
 * Text from a record as PostgreSQL can store it: a record may hold any characters, but {@code TEXT} and
 * {@code JSONB} refuse NUL, and one unstorable string would fail its whole batch.
 */
public final class StoredText {

    private StoredText() {
    }

    /** The text with NUL replaced by U+FFFD, cut to at most {@code maxChars}; null stays null. */
    public static String clean(String text, int maxChars) {
        if (text == null) {
            return null;
        }
        String cut = text.length() > maxChars ? text.substring(0, maxChars) + "…" : text;
        return cut.indexOf('\u0000') < 0 ? cut : cut.replace('\u0000', '\uFFFD');
    }

    /** Serialized JSON with NUL escapes replaced by U+FFFD escapes, which JSONB accepts. */
    public static String cleanJson(String json) {
        return json.contains("\\u0000") ? json.replace("\\u0000", "\\ufffd") : json;
    }
}
