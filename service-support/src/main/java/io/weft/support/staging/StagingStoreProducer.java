package io.weft.support.staging;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.io.IOException;

/** Makes the configured {@link StagingStore} injectable. */
@ApplicationScoped
public class StagingStoreProducer {

    @Produces
    @ApplicationScoped
    @DefaultBean
    StagingStore stagingStore(StagingConfig config) throws IOException {
        return switch (config.backend()) {
            case LOCAL -> new LocalDirectoryStagingStore(config.local().directory());
            case ADLS -> adls(config.adls());
        };
    }

    private static StagingStore adls(StagingConfig.Adls config) {
        String endpoint = config.endpoint().orElseThrow(() -> new IllegalStateException(
                "weft.staging.adls.endpoint is required when weft.staging.backend=adls"));
        DataLakeServiceClientBuilder builder = new DataLakeServiceClientBuilder().endpoint(endpoint);
        if (config.sasToken().isPresent()) {
            builder.sasToken(config.sasToken().get());
        } else if (config.accountKey().isPresent()) {
            String account = config.accountName().orElseThrow(() -> new IllegalStateException(
                    "weft.staging.adls.account-name is required with weft.staging.adls.account-key"));
            builder.credential(new StorageSharedKeyCredential(account, config.accountKey().get()));
        } else {
            builder.credential(new DefaultAzureCredentialBuilder().build());
        }
        return new AdlsStagingStore(builder.buildClient().getFileSystemClient(config.fileSystem()), config.directory());
    }
}
