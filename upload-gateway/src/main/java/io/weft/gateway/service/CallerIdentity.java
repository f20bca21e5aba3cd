package io.weft.gateway.service;

import io.quarkus.security.identity.SecurityIdentity;
import io.weft.contracts.command.Requester;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/**
 * Who is calling, as the command records it ({@link Requester}): from the Entra access token the request was
 * authorized with. Entra marks app-only tokens with {@code idtyp: app}; users have {@code name} or
 * {@code preferred_username}, applications only their client id ({@code azp}, v1 {@code appid}).
 */
@ApplicationScoped
public class CallerIdentity {

    private final Instance<SecurityIdentity> identity;

    public CallerIdentity(Instance<SecurityIdentity> identity) {
        this.identity = identity;
    }

    /** The caller, or empty for a request without a token (only reachable where no role is required). */
    public Optional<Requester> current() {
        SecurityIdentity caller = identity.get();
        if (caller == null || caller.isAnonymous() || !(caller.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        String id = first(token, "oid", "sub");
        if (id == null) {
            return Optional.empty();
        }
        boolean app = "app".equals(token.getClaim("idtyp"));
        String name = app ? first(token, "azp", "appid") : first(token, "name", "preferred_username", "upn");
        return Optional.of(new Requester(id, name, app ? Requester.SERVICE_PRINCIPAL : Requester.USER));
    }

    private static String first(JsonWebToken token, String... claims) {
        for (String claim : claims) {
            Object value = token.getClaim(claim);
            if (value != null && !value.toString().isBlank()) {
                String text = value.toString();
                return text.length() <= 256 ? text : text.substring(0, 256);
            }
        }
        return null;
    }
}
