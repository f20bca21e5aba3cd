package io.weft.support.staging;

import com.azure.core.http.HttpClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.file.datalake.DataLakeServiceClient;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;
import io.quarkus.arc.DefaultBean;
import io.weft.fabric.client.auth.CredentialFactory;
import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.client.http.TrustingHttpClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;

/**
 * Makes the configured {@link StagingStore} injectable. The ADLS backend's HTTP client (trust) and Entra credential
 * come from the Fabric client's factories ({@link TrustingHttpClients}, {@link CredentialFactory}): one
 * implementation of each, configured by the same key names.
 */
@ApplicationScoped
public class StagingStoreProducer {

    private static final Logger LOG = Logger.getLogger(StagingStoreProducer.class);

    @Produces
    @ApplicationScoped
    @DefaultBean
    StagingStore stagingStore(StagingConfig config) throws IOException {
        return switch (config.backend()) {
            case LOCAL -> new LocalDirectoryStagingStore(config.local().directory());
            case ADLS -> adls(config.adls());
        };
    }

    /** The ADLS Gen2 store {@code config} describes. */
    static AdlsStagingStore adls(StagingConfig.Adls config) {
        DataLakeServiceClient service = serviceClient(config);
        return new AdlsStagingStore(service.getFileSystemClient(config.fileSystem()), new AdlsStagingStore.Settings(
                config.directory(), config.createFileSystem(), config.downloadDirectory(),
                config.upload().blockSize().asLongValue(), config.upload().maxConcurrency()));
    }

    /** The storage client of the ADLS Gen2 backend: endpoint, credential, trust and retries from {@code config}. */
    static DataLakeServiceClient serviceClient(StagingConfig.Adls config) {
        String endpoint = config.endpoint().orElseThrow(() -> new IllegalStateException(
                "weft.staging.adls.endpoint is required when weft.staging.backend=adls"));
        HttpClient http = TrustingHttpClients.create(config.tls().trustCertificate(), FabricSettings.Http.defaults());
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
        } else {
            FabricSettings.Auth auth = config.auth().toSettings();
            builder.credential(CredentialFactory.create(auth, http, "weft.staging.adls.auth"));
            credential = auth.method() + auth.clientId().map(id -> " of " + id).orElse("");
        }
        // Only scheme, host and path of the endpoint: a query could carry a SAS signature.
        URI uri = URI.create(endpoint);
        LOG.infof("Staging in ADLS Gen2 at %s://%s%s, file system %s, directory %s, credential: %s",
                uri.getScheme(), uri.getAuthority(), uri.getPath(), config.fileSystem(), config.directory(), credential);
        return builder.buildClient();
    }
}
