package io.weft.support.security;

/**
 * The app roles of Weft's API registration in Entra ID, as they arrive in an access token's {@code roles} claim
 * (quarkus-oidc's {@code quarkus.oidc.roles.role-claim-path=roles}). Every HTTP operation names the roles that may
 * call it with {@code @RolesAllowed}; {@link #ADMIN} is allowed everything, so it is listed on every operation.
 */
public final class WeftRoles {

    /** Uploads, deployments, runs and workspace provisioning (the gateway). */
    public static final String SUBMIT = "Weft.Submit";
    /** Jobs, their events and the SSE streams, job kinds and rejected inputs (the tracker). */
    public static final String READ = "Weft.Read";
    /** Cancelling a job. */
    public static final String CANCEL = "Weft.Cancel";
    /** Everything. */
    public static final String ADMIN = "Weft.Admin";

    private WeftRoles() {
    }
}
