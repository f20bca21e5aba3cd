package io.weft.deployer;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Replaces the deployer's system clock in tests, so that times it reports can be asserted exactly. */
@jakarta.enterprise.context.Dependent
public class FixedClock {

    public static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @Produces
    @Singleton
    Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }
}
