package io.weft.fabric.client;

import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.emulator.FabricEmulator;

import java.net.URI;
import java.time.Duration;

/** Client settings pointing at an emulator, with the short budgets tests need. */
final class EmulatorSettings {

    private EmulatorSettings() {
    }

    static FabricSettings of(FabricEmulator emulator) {
        return FabricSettings.defaults()
                .withApiUrl(URI.create(emulator.fabricApiUrl()))
                .withOneLakeUrl(URI.create(emulator.oneLakeUrl()))
                .withPowerBiUrl(URI.create(emulator.powerBiApiUrl()))
                .withAuth(FabricSettings.Auth.clientSecret(emulator.authorityHost(), emulator.tenantId(), emulator.clientId(),
                        emulator.clientSecret()))
                .withTrustCertificate(emulator.certificatePem())
                .withOperations(new FabricSettings.Operations(Duration.ofMinutes(1), Duration.ofMillis(200), Duration.ofSeconds(2)))
                .withRetry(new FabricSettings.Retry(3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(300),
                        Duration.ofSeconds(20)))
                .withThrottling(new FabricSettings.Throttling(Duration.ofMinutes(1), Duration.ofSeconds(1)))
                .withCircuitBreaker(new FabricSettings.CircuitBreaker(20, 0.9, Duration.ofSeconds(5), 1));
    }
}
