package io.weft.support.staging;

import io.quarkus.runtime.configuration.MemorySize;
import io.weft.fabric.client.config.EntraCredentialConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
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

    /**
     * The ADLS Gen2 backend. OneLake speaks the same DFS protocol: the endpoint is
     * {@code https://onelake.dfs.fabric.microsoft.com}, the file system is the workspace (name or id) and the
     * directory lies in a lakehouse's files, e.g. {@code StagingLake.Lakehouse/Files/staging}.
     */
    interface Adls {

        /**
         * The DFS endpoint of the storage account, e.g. {@code https://myaccount.dfs.core.windows.net}, or
         * {@code https://onelake.dfs.fabric.microsoft.com}. With an explicit port (an emulator) the SDK takes the
         * first path segment as the account, so include one: {@code https://127.0.0.1:PORT/onelake}.
         */
        Optional<String> endpoint();

        /** The file system (container; for OneLake the workspace, by name or id) holding staged objects. */
        @WithDefault("weft-staging")
        String fileSystem();

        /**
         * Whether to check, when the store is created (at its first injection), that the file system exists, and to
         * create it when it does not. OneLake refuses to create workspaces: a missing one fails with an error naming
         * it. When false nothing is checked before the first operation (for credentials that may not read the
         * file system's properties).
         */
        @WithDefault("true")
        boolean createFileSystem();

        /**
         * The directory inside the file system under which objects are staged; missing directories are created
         * with the first object. For OneLake it must lie under an item's {@code Files} folder.
         */
        @WithDefault("staging")
        String directory();

        /**
         * Where {@code open} downloads a staged object to verify it before handing it over; each copy is
         * removed when the reader closes it. Needs room for the largest archive.
         */
        @WithDefault("${java.io.tmpdir}")
        Path downloadDirectory();

        /**
         * A SAS token for the file system; takes precedence over every other credential. Never logged.
         */
        Optional<String> sasToken();

        /** The storage account's name, used with {@link #accountKey()}. */
        Optional<String> accountName();

        /** A shared key of the storage account (development only); used when no SAS token is set. Never logged. */
        Optional<String> accountKey();

        /**
         * The Microsoft Entra credential, used when neither a SAS token nor an account key is set (OneLake accepts
         * only Entra tokens). The same keys, and the same credential factory, as the Fabric client's
         * {@code weft.fabric.auth.*}: {@code method} is {@code default} (azure-identity's
         * {@code DefaultAzureCredential}), {@code client-secret}, {@code managed-identity} or
         * {@code workload-identity}.
         */
        Auth auth();

        /** TLS trust of this backend's connections (storage and Entra), named as the Fabric client's {@code weft.fabric.tls.*}. */
        Tls tls();

        /** How uploads are cut into appends, which bounds the heap an upload takes. */
        Upload upload();

        /** How the SDK retries a failed storage request (5xx, 429, timeouts, connection errors). */
        Retry retry();
    }

    /**
     * Uploads go as appends of {@code block-size}, at most {@code max-concurrency} in flight, then one flush: an
     * upload holds about {@code (max-concurrency + 1) × block-size} of heap, whatever the object's size.
     */
    interface Upload {

        /**
         * The size of one append, and the largest object sent in a single request (the SDK's own default would
         * buffer up to 100 MiB in memory before it decides). At most 4000 MiB.
         */
        @WithDefault("4M")
        MemorySize blockSize();

        /** Appends in flight at once per upload. */
        @WithDefault("2")
        int maxConcurrency();
    }

    /** The Microsoft Entra credential of the ADLS Gen2 backend; the keys of {@code weft.fabric.auth.*}. */
    interface Auth extends EntraCredentialConfig {
    }

    /** TLS trust, for this backend only (never JVM-wide). */
    interface Tls {

        /**
         * A PEM certificate trusted in addition to the JDK's trust store, e.g. the Fabric emulator's. Unset: the
         * JDK's trust only.
         */
        Optional<Path> trustCertificate();
    }

    /** Retries of storage requests: exponential back-off from {@code delay}, at most {@code max-delay} apart. */
    interface Retry {

        /** Attempts per request, the first included (the SDK's default: 4). */
        @WithDefault("4")
        int maxTries();

        /** The back-off's base delay (the SDK's default: 4 s). */
        @WithDefault("4s")
        Duration delay();

        /** The longest wait between two attempts (the SDK's default: 120 s). */
        @WithDefault("120s")
        Duration maxDelay();
    }
}
