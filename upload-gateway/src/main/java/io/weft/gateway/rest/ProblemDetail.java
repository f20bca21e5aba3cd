package io.weft.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weft.gateway.archive.Problem;

import java.util.List;

/**
 * An RFC 9457 problem: {@code type} (a {@link ProblemType}), {@code title}, {@code status}, {@code detail}, {@code instance}, and,
 * for validation failures, {@code errors}: every problem found, each naming the entry or field and the rule.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetail(String type, String title, int status, String detail, String instance, List<Problem> errors) {

    /** The media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";
}
