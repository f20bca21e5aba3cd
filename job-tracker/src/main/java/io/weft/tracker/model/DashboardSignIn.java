package io.weft.tracker.model;

/**
 * What the dashboard needs to sign a person in, read before any token exists.
 *
 * @param enabled   whether a single-page app is configured; when not, the other fields are absent
 * @param authority the OpenID Connect authority, whose discovery document names the authorization, token and
 *                  logout endpoints
 * @param clientId  the dashboard's application (client) id
 * @param scope     the scope to ask for
 */
public record DashboardSignIn(boolean enabled, String authority, String clientId, String scope) {

    public static final DashboardSignIn DISABLED = new DashboardSignIn(false, null, null, null);
}
