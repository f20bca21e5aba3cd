package io.weft.tracker.config;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * How the dashboard signs a person in ({@code weft.tracker.dashboard.sign-in}): the authorization-code flow with PKCE
 * of a single-page app registered in Entra ID, whose access token for Weft's API it then sends to the tracker.
 */
@ConfigMapping(prefix = "weft.tracker.dashboard.sign-in")
public interface DashboardSignInConfig {

    /**
     * The application (client) id of the dashboard's single-page-app registration in Entra ID, whose redirect URIs
     * include the dashboard's URL. Unset: the dashboard has no Sign in button and takes a pasted access token only.
     */
    Optional<String> clientId();

    /**
     * The OpenID Connect authority the dashboard signs in with, e.g.
     * {@code https://login.microsoftonline.com/<tenant>/v2.0}; the browser reads its
     * {@code /.well-known/openid-configuration}. Unset: {@code quarkus.oidc.auth-server-url}, the issuer the tracker
     * checks tokens against.
     */
    Optional<String> authority();

    /**
     * The scope the dashboard asks for. Unset: {@code api://<quarkus.oidc.token.audience>/.default openid profile},
     * Weft's API with the user's app roles and an ID token.
     */
    Optional<String> scope();
}
