package io.weft.support.secrets;

import io.quarkus.arc.Unremovable;
import io.quarkus.credentials.CredentialsProvider;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.Map;

/**
 * Secrets from Azure Key Vault for any consumer of Quarkus's credentials-provider SPI. As Quarkus names them,
 * {@code credentials-provider} is what is asked for (here the secret's name in the vault, its value the
 * {@code password}) and {@code credentials-provider-name} the bean that answers ({@value #NAME}):
 * <pre>
 * quarkus.datasource.credentials-provider=weft-database-password
 * quarkus.datasource.credentials-provider-name=key-vault
 * weft.fabric.auth.credentials-provider=weft-fabric-client-secret
 * weft.fabric.auth.credentials-provider-name=key-vault
 * </pre>
 * The datasource asks at every new connection, the Fabric client at every token request, the Kafka clients
 * ({@link ScramCredentialsCallbackHandler}) at every authentication: a rotated secret is used within
 * {@code weft.key-vault.refresh-interval}.
 */
@ApplicationScoped
@Named(KeyVaultCredentialsProvider.NAME)
@Unremovable // looked up by name (CredentialsProviderFinder), never injected
public class KeyVaultCredentialsProvider implements CredentialsProvider {

    /** The provider's name, as configuration names it. */
    public static final String NAME = "key-vault";

    private final KeyVaultSecrets secrets;

    @Inject
    public KeyVaultCredentialsProvider(KeyVaultSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public Map<String, String> getCredentials(String secretName) {
        return Map.of(PASSWORD_PROPERTY_NAME, secrets.current(secretName));
    }

    /** On a worker thread: a read from the vault blocks. */
    @Override
    public Uni<Map<String, String>> getCredentialsAsync(String secretName) {
        return Uni.createFrom().item(() -> getCredentials(secretName)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
