package io.weft.deployer.service;

import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.DeploymentMode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ModelNamingTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-04T05:06:07.890Z"), ZoneOffset.UTC);
    private final ModelNaming naming = new ModelNaming(clock);

    @Test
    void devNameCarriesTheRequestTimeInUtcToTheSecond() {
        assertThat(naming.finalName(command(DeploymentMode.DEV, Instant.parse("2026-11-21T23:59:58.999Z"))))
                .isEqualTo("Sales_20261121T235958Z");
    }

    @Test
    void devNameIsTheSameForEveryDeliveryOfACommandWhateverTheClockSays() {
        DeploySemanticModel command = command(DeploymentMode.DEV, Instant.parse("2026-11-21T10:00:00Z"));
        ModelNaming later = new ModelNaming(Clock.offset(clock, java.time.Duration.ofHours(5)));

        assertThat(later.finalName(command)).isEqualTo(naming.finalName(command)).isEqualTo("Sales_20261121T100000Z");
    }

    @Test
    void devNameFallsBackToTheClockWithoutRequestTime() {
        assertThat(naming.finalName(command(DeploymentMode.DEV, null))).isEqualTo("Sales_20260304T050607Z");
    }

    @Test
    void prodNameIsTheBaseName() {
        assertThat(naming.finalName(command(DeploymentMode.PROD, Instant.parse("2026-11-21T10:00:00Z")))).isEqualTo("Sales");
    }

    private static DeploySemanticModel command(DeploymentMode mode, Instant requestedAt) {
        return new DeploySemanticModel("job-1", "ws", "Sales", mode, false, null, requestedAt);
    }
}
