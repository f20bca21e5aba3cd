package io.weft.contracts.environments;

import java.util.List;

/**
 * Replacements that cannot be applied to a definition for an environment, with every problem found. Messages
 * name replacements, parameters, variables and files, never a value.
 */
public class InvalidParametersException extends RuntimeException {

    /** The error code used in job errors. */
    public static final String CODE = "InvalidParameters";

    private final List<String> problems;

    public InvalidParametersException(String environment, List<String> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " applying the parameters of environment '"
                + environment + "': " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
