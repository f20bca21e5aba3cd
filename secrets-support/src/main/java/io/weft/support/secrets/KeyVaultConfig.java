package io.weft.support.secrets;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.weft.fabric.client.config.EntraCredentialConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Azure Key Vault, where secrets named by reference in configuration come from ({@code weft.key-vault.*}): the
 * {@code key-vault} credentials provider reads them. Nothing here is read unless a setting names that provider.
 */
@ConfigMapping(prefix = "weft.key-vault")
public interface KeyVaultConfig {

    /** The vault's URL, {@code https://<vault>.vault.azure.net}; locally the Fabric emulator's base URL. Required once a setting names the provider. */
    Optional<String> url();

    /**
     * How long a secret read from the vault is used before it is read again: a rotated secret is picked up within
     * this interval, without a restart. When a re-read fails, the value read last is kept (and a warning logged).
     */
    @WithDefault("5m")
    Duration refreshInterval();

    /**
     * Whether the vault's bearer challenge must name a resource the vault's host belongs to (the Azure SDK's check,
     * on by default). Only the local emulator, reached by IP, needs it off.
     */
    @WithDefault("true")
    boolean verifyChallengeResource();

    /** The Entra credential the vault is read with: the keys of {@code weft.fabric.auth.*}. */
    Auth auth();

    /** TLS trust, for the vault only. */
    Tls tls();

    /** The Entra credential the vault is read with; in production, workload or managed identity (no secret). */
    interface Auth extends EntraCredentialConfig {
    }

    /** TLS trust, for the vault only (never JVM-wide). */
    interface Tls {
        /** A PEM certificate trusted in addition to the JDK's trust store, e.g. the Fabric emulator's. */
        Optional<Path> trustCertificate();
    }
}
