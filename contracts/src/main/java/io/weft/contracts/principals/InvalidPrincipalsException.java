package io.weft.contracts.principals;

import java.util.List;
import java.util.stream.Collectors;

/** A principals list that cannot be used, with every problem found in it. */
public class InvalidPrincipalsException extends RuntimeException {

    /** The error code used in job errors and problem+json. */
    public static final String CODE = "InvalidPrincipals";

    private final List<PrincipalProblem> problems;

    public InvalidPrincipalsException(List<PrincipalProblem> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the principals: "
                + problems.stream().map(PrincipalProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<PrincipalProblem> problems() {
        return problems;
    }
}
