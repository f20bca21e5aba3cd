package io.weft.gateway.service;

import io.weft.gateway.archive.Problem;

import java.util.List;

/** A request broke one or more rules; all of them are listed. */
public class ValidationFailedException extends RuntimeException {

    private final String title;
    private final List<Problem> problems;

    public ValidationFailedException(String title, List<Problem> problems) {
        super(title + ": " + problems.size() + " problem(s)");
        this.title = title;
        this.problems = List.copyOf(problems);
    }

    public String title() {
        return title;
    }

    public List<Problem> problems() {
        return problems;
    }
}
