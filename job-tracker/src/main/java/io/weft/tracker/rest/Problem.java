package io.weft.tracker.rest;

/**
 * An RFC 9457 problem detail, sent as {@code application/problem+json}.
 *
 * @param type     a URI naming the kind of problem
 * @param title    a short summary of the kind of problem
 * @param status   the HTTP status
 * @param detail   what went wrong in this occurrence, in words a caller can act on
 * @param instance the request path
 */
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
