package io.weft.support.secrets;

import com.azure.security.keyvault.secrets.SecretClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current value of each secret asked for, read from the vault at most once per refresh interval. A failed re-read
 * keeps the value read last (a vault outage must not take down a running service); a failed first read fails.
 * Values never appear in logs or errors.
 */
public final class KeyVaultSecrets {

    private static final Logger LOG = Logger.getLogger(KeyVaultSecrets.class);

    private record Read(String value, Instant at) {
    }

    private final SecretClient client;
    private final Duration refreshInterval;
    private final Clock clock;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();

    public KeyVaultSecrets(SecretClient client, Duration refreshInterval, Clock clock) {
        this.client = Objects.requireNonNull(client);
        this.refreshInterval = Objects.requireNonNull(refreshInterval);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The value of the secret {@code name}: the one read within the refresh interval, or a fresh read. */
    public String current(String name) {
        return reads.compute(name, (key, last) -> {
            Instant now = clock.instant();
            if (last != null && now.isBefore(last.at().plus(refreshInterval))) {
                return last;
            }
            try {
                String value = client.getSecret(name).getValue();
                if (value == null) {
                    throw new IllegalStateException("the secret has no value");
                }
                if (last != null && !last.value().equals(value)) {
                    LOG.infof("Key Vault secret %s changed: using its new version", name);
                }
                return new Read(value, now);
            } catch (RuntimeException e) {
                if (last == null) {
                    throw new IllegalStateException("Could not read the secret " + name + " from Key Vault at "
                            + client.getVaultUrl() + ": " + e.getMessage(), e);
                }
                LOG.warnf("Could not re-read the secret %s from Key Vault (%s); keeping the value read at %s",
                        name, e.getClass().getSimpleName(), last.at());
                // Try again at the next use after another interval, not at every use.
                return new Read(last.value(), now);
            }
        }).value();
    }
}
