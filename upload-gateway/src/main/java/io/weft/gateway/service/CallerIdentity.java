package io.weft.gateway.service;

import io.quarkus.security.identity.SecurityIdentity;
import io.weft.support.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/** The calling principal, from the Entra access token the request was authorized with (service-support's {@link Caller}). */
@ApplicationScoped
public class CallerIdentity {

    private final Instance<SecurityIdentity> identity;

    public CallerIdentity(Instance<SecurityIdentity> identity) {
        this.identity = identity;
    }

    /** The caller, or empty for a request without a token (only reachable where no role is required). */
    public Optional<Caller> current() {
        SecurityIdentity caller = identity.get();
        if (caller == null || caller.isAnonymous() || !(caller.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        return Optional.ofNullable(Caller.fromClaims(token::getClaim, caller.getRoles()));
    }
}
