package io.weft.provisioner.ontology;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names in the ontology. Entity types are named after their table, properties after their column, each
 * made a valid ontology name: characters outside {@code [A-Za-z0-9_]} become {@code _}, and a name not
 * starting with a letter gets a prefix ({@code E_} for entity types, {@code P_} for properties,
 * {@code R_} for relationship types). Names that then collide (ignoring case) get {@code _2}, {@code _3}...
 * The data bindings always use the original table and column names.
 */
final class OntologyNames {

    private static final Pattern NOT_ALLOWED = Pattern.compile("[^A-Za-z0-9_]");
    private static final int MAX_LENGTH = 90;

    private OntologyNames() {
    }

    static String entityType(String table, Set<String> taken) {
        return unique(sanitize(table, "E_"), taken);
    }

    static String property(String column, Set<String> taken) {
        return unique(sanitize(column, "P_"), taken);
    }

    static String relationshipType(String name, Set<String> taken) {
        return unique(sanitize(name, "R_"), taken);
    }

    private static String sanitize(String raw, String prefix) {
        String name = NOT_ALLOWED.matcher(raw).replaceAll("_");
        if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
            name = prefix + name;
        }
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
    }

    /** The name itself, or with the smallest suffix that makes it unique; records it as taken. */
    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
            String suffix = "_" + n;
            candidate = (name.length() + suffix.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH - suffix.length()) : name)
                    + suffix;
        }
        return candidate;
    }
}
