package io.weft.tracker.config;

import io.quarkus.runtime.StartupEvent;
import io.weft.support.security.IssuerRequired;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

/** The tracker does not start outside dev and test without an Entra issuer to check tokens against. */
@ApplicationScoped
public class SecurityStartupCheck {

    void onStart(@Observes StartupEvent event, Config config) {
        IssuerRequired.check(config);
    }
}
