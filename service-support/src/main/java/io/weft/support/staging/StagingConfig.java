package io.weft.support.staging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/** Where claim-check objects (uploaded archives) are staged between the gateway and the workers. */
@ConfigMapping(prefix = "weft.staging")
public interface StagingConfig {

    /** The backend holding staged objects: {@code local} (a directory) or {@code adls} (ADLS Gen2). */
    @WithDefault("local")
    Backend backend();

    /** The local-directory backend. */
    Local local();

    /** The ADLS Gen2 backend. */
    Adls adls();

    /** Backends of the staging store. */
    enum Backend {
        /** A directory on a file system every service can read (a shared volume in production). */
        LOCAL,
        /** An Azure Data Lake Storage Gen2 file system. */
        ADLS
    }

    /** The local-directory backend. */
    interface Local {

        /** The directory holding staged objects; created when missing. Readers refuse URIs outside it. */
        @WithDefault("${java.io.tmpdir}/weft-staging")
        Path directory();
    }

    /** The ADLS Gen2 backend. */
    interface Adls {

        /** The DFS endpoint of the storage account, e.g. {@code https://myaccount.dfs.core.windows.net}. */
        Optional<String> endpoint();

        /** The file system (container) holding staged objects; created when missing. */
        @WithDefault("weft-staging")
        String fileSystem();

        /** The directory inside the file system under which objects are staged. */
        @WithDefault("staging")
        String directory();

        /**
         * A SAS token for the file system. When absent (and no account key is set), the credential is
         * azure-identity's {@code DefaultAzureCredential}. Never logged.
         */
        Optional<String> sasToken();

        /** The storage account's name, used with {@link #accountKey()}. */
        Optional<String> accountName();

        /** A shared key of the storage account (development only). Never logged. */
        Optional<String> accountKey();
    }
}
