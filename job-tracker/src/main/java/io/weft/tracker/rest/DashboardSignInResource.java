package io.weft.tracker.rest;

import io.weft.tracker.config.DashboardSignInConfig;
import io.weft.tracker.model.DashboardSignIn;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Optional;

/**
 * How the dashboard signs in: open, like the dashboard's files, since it is read before there is a token. It tells
 * nothing secret (a single-page app has no secret); every other operation still needs a token.
 */
@Path("/dashboard/sign-in")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dashboard")
public class DashboardSignInResource {

    private final DashboardSignIn signIn;

    public DashboardSignInResource(DashboardSignInConfig config,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> issuer,
            @ConfigProperty(name = "quarkus.oidc.token.audience") Optional<List<String>> audience) {
        Optional<String> authority = config.authority().or(() -> issuer);
        Optional<String> scope = config.scope().or(() -> audience.filter(a -> !a.isEmpty())
                .map(a -> (a.get(0).startsWith("api://") ? a.get(0) : "api://" + a.get(0)) + "/.default openid profile"));
        this.signIn = config.clientId().isPresent() && authority.isPresent() && scope.isPresent()
                ? new DashboardSignIn(true, authority.get(), config.clientId().get(), scope.get())
                : DashboardSignIn.DISABLED;
    }

    @GET
    @Operation(summary = "How the dashboard signs a person in (no token needed)",
            description = "The OpenID Connect authority, the dashboard's client id and the scope of its authorization-code "
                    + "sign-in with PKCE (weft.tracker.dashboard.sign-in.*); enabled false when no client id is configured.")
    public DashboardSignIn get() {
        return signIn;
    }
}
