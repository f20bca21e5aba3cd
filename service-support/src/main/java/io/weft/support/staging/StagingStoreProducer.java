package io.weft.support.staging;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.file.datalake.DataLakeServiceClient;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;
import io.quarkus.arc.DefaultBean;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/** Makes the configured {@link StagingStore} injectable. */
@ApplicationScoped
public class StagingStoreProducer {

    private static final Logger LOG = Logger.getLogger(StagingStoreProducer.class);

    @Produces
    @ApplicationScoped
    @DefaultBean
    StagingStore stagingStore(StagingConfig config, Instance<TlsConfigurationRegistry> tls) throws IOException {
        return switch (config.backend()) {
            case LOCAL -> new LocalDirectoryStagingStore(config.local().directory());
            case ADLS -> adls(config.adls(), sslContext(config.adls(), tls));
        };
    }

    /** The ADLS Gen2 store {@code config} describes; {@code sslContext}, when present, replaces the JDK's trust. */
    static AdlsStagingStore adls(StagingConfig.Adls config, Optional<SSLContext> sslContext) {
        DataLakeServiceClient service = serviceClient(config, sslContext);
        return new AdlsStagingStore(service.getFileSystemClient(config.fileSystem()), new AdlsStagingStore.Settings(
                config.directory(), config.createFileSystem(), config.downloadDirectory(),
                config.upload().blockSize().asLongValue(), config.upload().maxConcurrency()));
    }

    /** The storage client of the ADLS Gen2 backend: endpoint, credential, trust and retries from {@code config}. */
    static DataLakeServiceClient serviceClient(StagingConfig.Adls config, Optional<SSLContext> sslContext) {
        String endpoint = config.endpoint().orElseThrow(() -> new IllegalStateException(
                "weft.staging.adls.endpoint is required when weft.staging.backend=adls"));
        HttpClient http = httpClient(sslContext);
        StagingConfig.Retry retry = config.retry();
        DataLakeServiceClientBuilder builder = new DataLakeServiceClientBuilder()
                .endpoint(endpoint)
                .httpClient(http)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, retry.maxTries(), null,
                        retry.delay(), retry.maxDelay(), null));
        String credential;
        if (config.sasToken().isPresent()) {
            builder.sasToken(config.sasToken().get());
            credential = "SAS token";
        } else if (config.accountKey().isPresent()) {
            String account = config.accountName().orElseThrow(() -> new IllegalStateException(
                    "weft.staging.adls.account-name is required with weft.staging.adls.account-key"));
            builder.credential(new StorageSharedKeyCredential(account, config.accountKey().get()));
            credential = "shared key of " + account;
        } else if (config.auth().clientSecret().isPresent()) {
            builder.credential(clientSecret(config.auth(), http));
            credential = "client secret of " + config.auth().clientId().orElse("?");
        } else {
            DefaultAzureCredentialBuilder defaults = new DefaultAzureCredentialBuilder().httpClient(http);
            config.auth().tenantId().ifPresent(defaults::tenantId);
            config.auth().clientId().ifPresent(defaults::managedIdentityClientId);
            config.auth().authorityHost().ifPresent(defaults::authorityHost);
            builder.credential(defaults.build());
            credential = "DefaultAzureCredential";
        }
        // Only scheme, host and path of the endpoint: a query could carry a SAS signature.
        URI uri = URI.create(endpoint);
        LOG.infof("Staging in ADLS Gen2 at %s://%s%s, file system %s, directory %s, credential: %s",
                uri.getScheme(), uri.getAuthority(), uri.getPath(), config.fileSystem(), config.directory(), credential);
        return builder.buildClient();
    }

    private static TokenCredential clientSecret(StagingConfig.Auth auth, HttpClient http) {
        ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder()
                .tenantId(auth.tenantId().orElseThrow(() -> new IllegalStateException(
                        "weft.staging.adls.auth.tenant-id is required with weft.staging.adls.auth.client-secret")))
                .clientId(auth.clientId().orElseThrow(() -> new IllegalStateException(
                        "weft.staging.adls.auth.client-id is required with weft.staging.adls.auth.client-secret")))
                .clientSecret(auth.clientSecret().orElseThrow())
                .httpClient(http);
        // A private authority (the emulator, a sovereign cloud) is not in Entra's instance discovery list.
        auth.authorityHost().ifPresent(host -> builder.authorityHost(host).disableInstanceDiscovery());
        return builder.build();
    }

    /** The JDK HttpClient (as fabric-client uses it), trusting {@code sslContext} when given. */
    private static HttpClient httpClient(Optional<SSLContext> sslContext) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        sslContext.ifPresent(jdk::sslContext);
        return new JdkHttpClientBuilder(jdk).build();
    }

    private static Optional<SSLContext> sslContext(StagingConfig.Adls config, Instance<TlsConfigurationRegistry> registry) {
        if (config.tlsConfigurationName().isEmpty()) {
            return Optional.empty();
        }
        String name = config.tlsConfigurationName().get();
        TlsConfiguration tls = registry.get().get(name).orElseThrow(() -> new IllegalStateException(
                "weft.staging.adls.tls-configuration-name names TLS configuration '" + name
                        + "', but there is no quarkus.tls." + name + ".* configuration"));
        try {
            return Optional.of(tls.createSSLContext());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot build an SSL context from TLS configuration '" + name + "': " + e.getMessage(), e);
        }
    }
}
