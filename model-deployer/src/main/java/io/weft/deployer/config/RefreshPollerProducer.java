package io.weft.deployer.config;

import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.client.powerbi.PowerBiRefreshClient;
import io.weft.fabric.client.powerbi.RefreshPoller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The refresh poller: fabric-client's, waiting through the client's sleeper (recorded in tests) on the system clock. */
@ApplicationScoped
public class RefreshPollerProducer {

    @Produces
    @Singleton
    RefreshPoller refreshPoller(PowerBiRefreshClient refreshes, Sleeper sleeper) {
        return new RefreshPoller(refreshes, sleeper, Clock.systemUTC());
    }
}
