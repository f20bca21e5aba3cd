package io.weft.fabric.client.config;

import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * An Entra credential as configuration: the same keys wherever Weft authenticates to Azure ({@code weft.fabric.auth},
 * {@code weft.staging.adls.auth}, {@code weft.key-vault.auth}), turned into an azure-identity credential by
 * {@link io.weft.fabric.client.auth.CredentialFactory}.
 */
public interface EntraCredentialConfig {

    /** How tokens are obtained: {@code default}, {@code client-secret}, {@code managed-identity} or {@code workload-identity}. */
    @WithDefault("default")
    AuthMethod method();

    /**
     * The Entra authority host, e.g. {@code https://login.microsoftonline.us} for another cloud, or the Fabric
     * emulator's base URL; when set, instance discovery is disabled. Unset: the public cloud's.
     */
    Optional<String> authorityHost();

    /** The directory (tenant) id: required with {@code client-secret}; optional otherwise. */
    Optional<String> tenantId();

    /**
     * The application (client) id: required with {@code client-secret}; for the managed identity and the default
     * credential, the client id of a user-assigned managed identity.
     */
    Optional<String> clientId();

    /** A client secret of the application ({@code client-secret} only). Never logged. */
    Optional<String> clientSecret();

    /** These values as the settings {@link io.weft.fabric.client.auth.CredentialFactory} takes. */
    default FabricSettings.Auth toSettings() {
        return new FabricSettings.Auth(method(), authorityHost(), tenantId(), clientId(), clientSecret());
    }
}
