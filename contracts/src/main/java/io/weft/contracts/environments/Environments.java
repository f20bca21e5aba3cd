package io.weft.contracts.environments;

import java.util.List;
import java.util.Optional;

/**
 * A validated environments file: environments in promotion order and the replacements that parameterize
 * definitions. Read by {@link EnvironmentsParser}; immutable.
 */
public record Environments(List<Environment> environments, List<Replacement> replacements) {

    public Environments {
        environments = List.copyOf(environments);
        replacements = List.copyOf(replacements);
    }

    /** The environment of that name (case-insensitive). */
    public Optional<Environment> find(String name) {
        return environments.stream().filter(environment -> environment.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The environments' names in promotion order. */
    public List<String> names() {
        return environments.stream().map(Environment::name).toList();
    }

    /** The replacements applying to one model deployed to one environment, in file order. */
    public List<Replacement> replacementsFor(String environment, String modelName) {
        return replacements.stream().filter(replacement -> replacement.appliesTo(environment, modelName)).toList();
    }
}
