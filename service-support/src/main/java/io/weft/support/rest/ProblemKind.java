package io.weft.support.rest;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A kind of RFC 9457 problem a Weft HTTP service answers with. Each service lists its own as an enum; their
 * {@code type} URIs are URNs ({@code urn:weft:problem:...}): stable identifiers that need no domain and never
 * resolve to a page someone else controls. The catalog of all of them is {@code docs/problems.md}.
 */
public interface ProblemKind {

    /** The prefix every Weft problem type shares. */
    String URN_PREFIX = "urn:weft:problem:";

    /** The type of a plain HTTP error with nothing more to say (RFC 9457, section 4.2.1). */
    String ABOUT_BLANK = "about:blank";

    /**
     * What a kind says about itself, held by each enum constant, so that the enums carry no accessor boilerplate.
     *
     * @param slug     the last part of the URN, e.g. {@code validation-failed}
     * @param statuses the HTTP statuses this problem comes with, e.g. {@code 400, 422}
     * @param meaning  what the problem means
     * @param action   what a caller should do about it
     */
    record Description(String slug, String statuses, String meaning, String action) {
    }

    /** This kind's description. */
    Description description();

    /** The last part of the URN, e.g. {@code validation-failed}. */
    default String slug() {
        return description().slug();
    }

    /** The HTTP statuses this problem comes with, e.g. {@code 400, 422}. */
    default String statuses() {
        return description().statuses();
    }

    /** What the problem means. */
    default String meaning() {
        return description().meaning();
    }

    /** What a caller should do about it. */
    default String action() {
        return description().action();
    }

    /** The {@code type} member of the problem document. */
    default String uri() {
        return URN_PREFIX + slug();
    }

    /**
     * A Markdown section listing the kinds with their meaning and what to do, for an OpenAPI description: the API
     * docs are made from the same enum the service answers with, so they can neither miss a type nor list a stale one.
     */
    static String describe(ProblemKind... kinds) {
        return Arrays.stream(kinds)
                .map(kind -> "| `" + kind.uri() + "` | " + kind.statuses() + " | " + kind.meaning() + " | " + kind.action() + " |")
                .collect(Collectors.joining("\n",
                        "## Problem types\n\nEvery error is an RFC 9457 `application/problem+json` document whose `type` is"
                                + " one of these (a plain HTTP error with nothing more to say is `about:blank`):\n\n"
                                + "| type | status | meaning | what to do |\n|---|---|---|---|\n", "\n"));
    }
}
