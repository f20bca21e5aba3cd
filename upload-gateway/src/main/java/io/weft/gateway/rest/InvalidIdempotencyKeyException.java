package io.weft.gateway.rest;

import io.weft.gateway.archive.Problem;
import io.weft.gateway.archive.Rules;

import java.util.Optional;

/** An {@code Idempotency-Key} header that is blank or too long. */
public class InvalidIdempotencyKeyException extends RuntimeException {

    private final transient Problem problem;

    private InvalidIdempotencyKeyException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** The key, when the header is present and acceptable. */
    static Optional<String> check(String header, int maxLength) {
        if (header == null) {
            return Optional.empty();
        }
        if (header.isBlank() || header.length() > maxLength) {
            throw new InvalidIdempotencyKeyException(Problem.ofField("Idempotency-Key", Rules.FIELD_VALUE,
                    "the Idempotency-Key header must have 1 to " + maxLength + " characters"));
        }
        return Optional.of(header);
    }
}
