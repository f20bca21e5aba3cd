package io.weft.provisioner.ontology;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which table a column refers to. A column named {@code <stem>_id} (any case) refers to the table whose name,
 * ignoring case, is the stem itself or one of its plurals: {@code <stem>}, {@code <stem>s}, {@code <stem>es},
 * and for a stem ending in {@code y}, {@code <stem minus y>ies}; the first of these that exists wins. So
 * {@code customers_id} and {@code customer_id} both refer to {@code customers}, {@code category_id} to
 * {@code categories}, {@code box_id} to {@code boxes}. A column named exactly {@code id} refers to nothing.
 */
public final class ReferenceRule {

    private static final String SUFFIX = "_id";

    private ReferenceRule() {
    }

    /**
     * @param column      the column's name
     * @param tablesLower the tables, by lower-cased name
     * @return the lower-cased name of the table the column refers to, when there is one
     */
    public static Optional<String> referencedTable(String column, Map<String, ?> tablesLower) {
        String lower = column.trim().toLowerCase(Locale.ROOT);
        if (!lower.endsWith(SUFFIX) || lower.length() == SUFFIX.length()) {
            return Optional.empty();
        }
        String stem = lower.substring(0, lower.length() - SUFFIX.length());
        for (String candidate : candidates(stem)) {
            if (tablesLower.containsKey(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static List<String> candidates(String stem) {
        List<String> names = new ArrayList<>(List.of(stem, stem + "s", stem + "es"));
        if (stem.endsWith("y") && stem.length() > 1) {
            names.add(stem.substring(0, stem.length() - 1) + "ies");
        }
        return names;
    }
}
