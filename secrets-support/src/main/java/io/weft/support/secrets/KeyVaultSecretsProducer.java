package io.weft.support.secrets;

import com.azure.core.http.HttpClient;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import io.weft.fabric.client.auth.CredentialFactory;
import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.client.http.TrustingHttpClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;

/** The vault client {@code weft.key-vault.*} describes; made only when a setting names the {@code key-vault} provider. */
@ApplicationScoped
public class KeyVaultSecretsProducer {

    private static final Logger LOG = Logger.getLogger(KeyVaultSecretsProducer.class);

    @Produces
    @Singleton
    KeyVaultSecrets secrets(KeyVaultConfig config) {
        return new KeyVaultSecrets(client(config), config.refreshInterval(), Clock.systemUTC());
    }

    /** The SDK's SecretClient for {@code config}: its credential and trust from the Fabric client's factories. */
    public static SecretClient client(KeyVaultConfig config) {
        String url = config.url().orElseThrow(() -> new IllegalStateException(
                "weft.key-vault.url is required: a setting names the key-vault credentials provider"));
        HttpClient http = TrustingHttpClients.create(config.tls().trustCertificate(), FabricSettings.Http.defaults());
        SecretClientBuilder builder = new SecretClientBuilder()
                .vaultUrl(url)
                .httpClient(http)
                .credential(CredentialFactory.create(config.auth().toSettings(), http, "weft.key-vault.auth"));
        if (!config.verifyChallengeResource()) {
            builder.disableChallengeResourceVerification();
        }
        LOG.infof("Secrets from Key Vault at %s (credential: %s, re-read every %s)", url,
                config.auth().method(), config.refreshInterval());
        return builder.buildClient();
    }
}
