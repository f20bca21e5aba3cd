package io.weft.support.secrets;

import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.time.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The refresh interval on a clock the test moves, against the emulator's Key Vault through the real SecretClient. */
class KeyVaultSecretsTest {

    private FabricEmulator emulator;
    private MovableClock clock;
    private KeyVaultSecrets secrets;

    @BeforeEach
    void start() {
        emulator = FabricEmulator.start(EmulatorOptions.defaults().fast());
        clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));
        secrets = new KeyVaultSecrets(client(emulator), Duration.ofMinutes(5), clock);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void aRotatedSecretIsReadWithinTheRefreshIntervalNotBefore() {
        emulator.admin().setSecret("weft-fabric-client-secret", "first");
        assertThat(secrets.current("weft-fabric-client-secret")).isEqualTo("first");
        long reads = vaultReads();

        emulator.admin().setSecret("weft-fabric-client-secret", "second");
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(secrets.current("weft-fabric-client-secret")).as("inside the interval: the value read last").isEqualTo("first");
        assertThat(vaultReads()).as("no read inside the interval").isEqualTo(reads);

        clock.advance(Duration.ofSeconds(1));
        assertThat(secrets.current("weft-fabric-client-secret")).as("at the interval: read again").isEqualTo("second");
        assertThat(vaultReads()).isGreaterThan(reads);
    }

    @Test
    void aVaultThatCannotBeReachedKeepsTheValueReadLastAndTriesAgainOnlyAfterAnotherInterval() {
        emulator.admin().setSecret("weft-database-password", "kept");
        assertThat(secrets.current("weft-database-password")).isEqualTo("kept");

        emulator.close();
        clock.advance(Duration.ofMinutes(6));
        assertThat(secrets.current("weft-database-password")).isEqualTo("kept");
    }

    @Test
    void aSecretThatIsNotThereFailsWithItsNameAndTheVaultButNoValue() {
        emulator.admin().setSecret("present", "value-never-in-errors");
        assertThatThrownBy(() -> secrets.current("absent"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("absent")
                .hasMessageContaining(emulator.keyVaultUrl())
                .hasMessageContaining("SecretNotFound")
                .hasMessageNotContaining("value-never-in-errors");
    }

    private long vaultReads() {
        return emulator.admin().requests().stream().filter(r -> r.path().startsWith("/secrets/") && r.status() == 200).count();
    }

    /** A client that does not retry: a vault that cannot be reached fails at once. */
    static SecretClient client(FabricEmulator emulator) {
        var http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(emulator.sslContext())).build();
        return new SecretClientBuilder()
                .vaultUrl(emulator.keyVaultUrl())
                .httpClient(http)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ZERO)))
                .credential(new ClientSecretCredentialBuilder().tenantId(emulator.tenantId()).clientId(emulator.clientId())
                        .clientSecret(emulator.clientSecret()).authorityHost(emulator.authorityHost()).disableInstanceDiscovery()
                        .httpClient(http).build())
                .disableChallengeResourceVerification()
                .buildClient();
    }
}
