package io.weft.support.security;

import io.quarkus.runtime.LaunchMode;
import org.eclipse.microprofile.config.Config;

import java.util.Optional;

/**
 * Refuses to start a service outside dev and test when its HTTP API would not check tokens: without an issuer
 * (quarkus-oidc's {@code quarkus.oidc.auth-server-url}) or with the OIDC tenant switched off, quarkus-oidc would
 * let nothing in or, worse, an operator might take "nothing configured" for "open". There is no switch that turns
 * authentication off in production. The HTTP services call {@link #check(Config)} when they start (the workers,
 * which have no HTTP API, do not).
 */
public final class IssuerRequired {

    private IssuerRequired() {
    }

    /** Throws when the configuration would start the HTTP API without token checks outside dev and test. */
    public static void check(Config config) {
        check(LaunchMode.current(), config.getOptionalValue("quarkus.oidc.auth-server-url", String.class),
                config.getOptionalValue("quarkus.oidc.tenant-enabled", Boolean.class).orElse(true));
    }

    /** The rule, on its own: outside dev and test an issuer is set and the tenant is on. */
    static void check(LaunchMode mode, Optional<String> issuer, boolean tenantEnabled) {
        if (mode.isDevOrTest()) {
            return;
        }
        if (issuer.filter(value -> !value.isBlank()).isEmpty()) {
            throw new IllegalStateException("quarkus.oidc.auth-server-url (QUARKUS_OIDC_AUTH_SERVER_URL) is not set: the HTTP API"
                    + " accepts only Entra ID bearer tokens, so set it to the tenant's issuer,"
                    + " https://login.microsoftonline.com/<tenant-id>/v2.0, and quarkus.oidc.token.audience to Weft's application id");
        }
        if (!tenantEnabled) {
            throw new IllegalStateException("quarkus.oidc.tenant-enabled=false would leave the HTTP API without authentication;"
                    + " it is refused outside dev and test");
        }
    }
}
