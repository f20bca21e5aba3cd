package io.weft.support.security;

/** A caller asked for a workspace (or environment, or pipeline) that {@code weft.security.workspace-scopes} does not grant it: 403. */
public class OutOfScopeException extends RuntimeException {

    private final String target;

    public OutOfScopeException(String target) {
        super("the caller may not reach '" + target + "' (weft.security.workspace-scopes)");
        this.target = target;
    }

    public String target() {
        return target;
    }
}
