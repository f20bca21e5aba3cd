package io.weft.contracts.environments;

import java.util.List;

/**
 * Puts an environment's parameter value into definition parts: every match of {@code find} (literal, or a Java
 * regular expression when {@code regex}) or of {@code jsonPath} (in JSON parts) in the parts whose path matches
 * {@code files}. A replacement that matches nothing fails the job before any Fabric call, unless optional.
 *
 * @param index        its position in the file (0-based), to name it in reports
 * @param description  what it is for, or null
 * @param files        glob over part paths ({@code **} crosses folders)
 * @param find         the text or pattern to replace, or null for a JSONPath replacement
 * @param regex        whether {@code find} is a regular expression
 * @param jsonPath     the JSONPath whose matches are set, or null for a text replacement
 * @param parameter    the environment parameter whose value replaces each match
 * @param optional     whether matching nothing is fine
 * @param models       the models (base names) it applies to; empty: all
 * @param environments the environments it applies to; empty: all
 */
public record Replacement(int index, String description, String files, String find, boolean regex, String jsonPath,
        String parameter, boolean optional, List<String> models, List<String> environments) {

    public Replacement {
        models = List.copyOf(models);
        environments = List.copyOf(environments);
    }

    /** Whether it applies to this model in this environment. */
    public boolean appliesTo(String environment, String modelName) {
        return (environments.isEmpty() || environments.stream().anyMatch(environment::equalsIgnoreCase))
                && (models.isEmpty() || models.stream().anyMatch(modelName::equalsIgnoreCase));
    }

    /** How reports name it: its description, or its position and what it looks for. */
    public String label() {
        String what = jsonPath != null ? "jsonPath " + jsonPath : (regex ? "regex " : "find ") + find;
        return "replacements[" + index + "]" + (description == null ? " (" + what + ")" : " (" + description + ")");
    }
}
