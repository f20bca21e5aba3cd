package io.weft.contracts.environments;

import java.util.Optional;
import java.util.function.Function;

/**
 * A parameter's value: a literal from the file, or a variable of the worker's process environment, named
 * explicitly ({@code fromEnv}) so that nothing in a definition can pull in a variable the file did not name.
 * Values read from the environment are treated as secrets: no job output, event or error shows them.
 *
 * @param literal the value written in the file, or null
 * @param fromEnv the process environment variable holding the value, or null
 */
public record ParameterValue(String literal, String fromEnv) {

    public static ParameterValue literal(String value) {
        return new ParameterValue(value, null);
    }

    public static ParameterValue fromEnv(String variable) {
        return new ParameterValue(null, variable);
    }

    /** Whether the value must never be shown. */
    public boolean secret() {
        return fromEnv != null;
    }

    /** The value, or empty when it comes from a variable the environment does not set. */
    public Optional<String> resolve(Function<String, String> environment) {
        return fromEnv == null ? Optional.of(literal) : Optional.ofNullable(environment.apply(fromEnv));
    }

    /** How to name the value's source in messages, never the value itself. */
    public String describe() {
        return fromEnv == null ? "a literal" : "process environment variable " + fromEnv;
    }
}
