package io.weft.gateway.service;

import io.weft.gateway.archive.Problem;
import io.weft.gateway.archive.Rules;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The naming rules of request fields (those of the command contracts' JSON Schemas), and the defaults
 * derived from a scenario name: {@code my-shop} gives the lakehouse {@code my_shop_lakehouse} and the
 * ontology {@code my_shop_ontology}; a name not starting with a letter is prefixed with {@code s_}.
 */
final class Names {

    static final Pattern SCENARIO = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$");
    static final Pattern LAKEHOUSE = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,255}$");
    static final Pattern ONTOLOGY = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,89}$");
    static final Pattern MODEL = Pattern.compile("^[^\\\\/:*?\"<>|]{1,200}$");
    /** An environment's name, as weft-environments.schema.json defines it. */
    static final Pattern ENVIRONMENT = Pattern.compile("^[A-Za-z][A-Za-z0-9_-]{0,63}$");
    static final int MAX_WORKSPACE_LENGTH = 256;

    private Names() {
    }

    static String defaultLakehouse(String scenarioName) {
        return base(scenarioName, 256 - "_lakehouse".length()) + "_lakehouse";
    }

    static String defaultOntology(String scenarioName) {
        return base(scenarioName, 90 - "_ontology".length()) + "_ontology";
    }

    private static String base(String scenarioName, int maxLength) {
        String base = scenarioName.replace('-', '_');
        if (!Character.isLetter(base.charAt(0))) {
            base = "s_" + base;
        }
        return base.length() > maxLength ? base.substring(0, maxLength) : base;
    }

    /** The value when present and matching, else a problem added to {@code problems}. */
    static Optional<String> require(String field, String value, Pattern pattern, String rule, List<Problem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(Problem.ofField(field, Rules.FIELD_REQUIRED, field + " is required"));
            return Optional.empty();
        }
        return check(field, value, pattern, rule, problems);
    }

    static Optional<String> check(String field, String value, Pattern pattern, String rule, List<Problem> problems) {
        if (!pattern.matcher(value).matches()) {
            problems.add(Problem.ofField(field, Rules.FIELD_PATTERN, field + " '" + value + "' must match " + rule));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /**
     * Where a deployment goes: a workspace, or an environment (whose workspace only the deployer knows); exactly one.
     * Either may be null in the answer (the other given, or a problem added).
     */
    static Destination workspaceOrEnvironment(String workspace, String environment, List<Problem> problems) {
        boolean hasEnvironment = environment != null && !environment.isBlank();
        if (!hasEnvironment && (workspace == null || workspace.isBlank())) {
            problems.add(Problem.ofField("workspace", Rules.FIELD_REQUIRED, "workspace (a GUID or a display name) or environment"
                    + " (an environment of the model-deployer's environments file) is required"));
            return new Destination(null, null);
        }
        if (!hasEnvironment) {
            return new Destination(workspace(workspace, problems).orElse(null), null);
        }
        if (workspace != null && !workspace.isBlank()) {
            problems.add(Problem.ofField("environment", Rules.FIELD_VALUE, "give a workspace or an environment, not both"
                    + " (the environment names its workspace)"));
            return new Destination(null, null);
        }
        return new Destination(null, check("environment", environment.strip(), ENVIRONMENT,
                "a letter, then up to 63 letters, digits, _ or -", problems).orElse(null));
    }

    /** A deployment's workspace or environment. */
    record Destination(String workspace, String environment) {
    }

    static Optional<String> workspace(String value, List<Problem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(Problem.ofField("workspace", Rules.FIELD_REQUIRED, "workspace is required (a GUID or a display name)"));
            return Optional.empty();
        }
        if (value.strip().length() > MAX_WORKSPACE_LENGTH) {
            problems.add(Problem.ofField("workspace", Rules.FIELD_VALUE, "workspace is longer than "
                    + MAX_WORKSPACE_LENGTH + " characters"));
            return Optional.empty();
        }
        return Optional.of(value.strip());
    }
}
