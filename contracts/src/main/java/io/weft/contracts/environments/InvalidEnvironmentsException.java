package io.weft.contracts.environments;

import java.util.List;

/** An environments file that cannot be used, with every problem found in it, each with its location. */
public class InvalidEnvironmentsException extends RuntimeException {

    private final List<String> problems;

    public InvalidEnvironmentsException(String source, List<String> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the environments file " + source
                + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, as {@code <JSON path>: <what is wrong>}. */
    public List<String> problems() {
        return problems;
    }
}
