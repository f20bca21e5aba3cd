package io.weft.fabric.client.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the Fabric REST and OneLake client ({@code weft.fabric.*}). */
@ConfigMapping(prefix = "weft.fabric")
public interface FabricClientConfig {

    /** Fabric REST API base URL, including the {@code /v1} version segment. */
    @WithDefault("https://api.fabric.microsoft.com/v1")
    URI apiUrl();

    /** OneLake DFS endpoint (ADLS Gen2 compatible). Locally: {@code https://127.0.0.1:PORT/onelake}. */
    @WithDefault("https://onelake.dfs.fabric.microsoft.com")
    URI onelakeUrl();

    /** The Power BI REST API (semantic model refreshes): its own host and token scope. */
    PowerBi powerBi();

    /**
     * Host patterns (exact, or {@code *.suffix}) that an operation {@code Location} or a {@code continuationUri} may
     * point to. The hosts of {@code api-url} and {@code onelake-url} are always allowed; any other host is refused
     * and never receives a token.
     */
    @WithDefault("*.fabric.microsoft.com,*.analysis.windows.net,*.pbidedicated.windows.net,api.powerbi.com")
    List<String> allowedHosts();

    /** How the client authenticates to Entra. */
    Auth auth();

    /** TLS trust. */
    Tls tls();

    /** Long-running operation polling. */
    Operations operations();

    /** 429 handling. */
    Throttling throttling();

    /** Retries of transient failures. */
    Retry retry();

    /** Per-host circuit breaker. */
    CircuitBreaker circuitBreaker();

    /** OneLake uploads. */
    Upload upload();

    /** HTTP transport. */
    Http http();

    /** The clock of the client's waits (tests only). */
    Polling polling();

    /** Record and replay: recording every Fabric and OneLake exchange to a redacted file. */
    Recording recording();

    /** The Power BI REST API. */
    interface PowerBi {
        /**
         * Power BI REST base URL, including {@code /v1.0/myorg}. Calls to it carry tokens for the Power BI scope
         * ({@code https://analysis.windows.net/powerbi/api/.default}) and go through the same throttling, retries,
         * host allow-list, circuit breaker and telemetry as Fabric calls. Locally: the emulator's
         * {@code https://127.0.0.1:PORT/v1.0/myorg}.
         */
        @WithDefault(FabricSettings.DEFAULT_POWER_BI_URL)
        URI apiUrl();
    }

    /** Entra credentials. */
    interface Auth extends EntraCredentialConfig {
        /**
         * Where the client secret comes from instead of {@code client-secret}, as Quarkus's datasources name it: what
         * the credentials provider {@code credentials-provider-name} is asked for (for {@code key-vault}, the secret's
         * name in the vault). The secret is asked for again at every token request, so a rotated secret is used from
         * the next token on, without a restart. Unset: {@code client-secret}.
         */
        Optional<String> credentialsProvider();

        /**
         * The {@code @Named} {@code io.quarkus.credentials.CredentialsProvider} bean that answers: {@code key-vault}
         * for Azure Key Vault (the secrets-support module). Required with {@code credentials-provider}.
         */
        Optional<String> credentialsProviderName();
    }

    /** TLS trust, per client (never JVM-wide). */
    interface Tls {
        /** Optional PEM certificate trusted in addition to the JDK's trust store for every Fabric, OneLake and Entra call. */
        Optional<Path> trustCertificate();
    }

    /** Long-running operations. */
    interface Operations {
        /** Total time one operation may take from its 202 to a terminal state. */
        @WithDefault("30m")
        Duration budget();

        /** First poll delay when Fabric sends no Retry-After. */
        @WithDefault("2s")
        Duration initialDelay();

        /** Largest poll delay of the exponential backoff used when Fabric sends no Retry-After. */
        @WithDefault("30s")
        Duration maxDelay();
    }

    /** Throttling (HTTP 429 / RequestBlocked). */
    interface Throttling {
        /** How long one call may keep waiting on throttling in total before failing; waits never count as failed attempts. */
        @WithDefault("30m")
        Duration budget();

        /** Wait used when a 429 carries no Retry-After. */
        @WithDefault("30s")
        Duration defaultRetryAfter();
    }

    /** Transient failures and name reservations. */
    interface Retry {
        /** Retries of 5xx and connection failures per call (exponential backoff with jitter). */
        @WithDefault("5")
        int maxRetries();

        /** First backoff delay for transient failures. */
        @WithDefault("1s")
        Duration initialDelay();

        /** Largest backoff delay for transient failures. */
        @WithDefault("30s")
        Duration maxDelay();

        /** Wait between retries of {@code ItemDisplayNameNotAvailableYet} (a name held for minutes after a delete). */
        @WithDefault("20s")
        Duration nameNotAvailableDelay();

        /** How long to keep retrying {@code ItemDisplayNameNotAvailableYet}. */
        @WithDefault("6m")
        Duration nameNotAvailableBudget();
    }

    /** Circuit breaker, one per Fabric host. */
    interface CircuitBreaker {
        /** Size of the rolling window of calls the failure ratio is computed over. */
        @WithDefault("10")
        int requestVolumeThreshold();

        /** Failure ratio in the window that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before letting a trial call through. */
        @WithDefault("30s")
        Duration delay();

        /** Successful trial calls needed to close the breaker again. */
        @WithDefault("1")
        int successThreshold();
    }

    /** OneLake uploads; memory in flight is bounded by parallel-files × max-concurrency × block-size (the staging store's upload is named the same way). */
    interface Upload {
        /** Files uploaded at the same time. */
        @WithDefault("4")
        int parallelFiles();

        /** Blocks (appends) of one file in flight at the same time. */
        @WithDefault("2")
        int maxConcurrency();

        /** The size of one block (append), and the largest file sent in a single request. */
        @WithDefault("4M")
        MemorySize blockSize();
    }

    /** HTTP transport. */
    interface Http {
        /** TCP connect timeout. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Time to wait for a response. */
        @WithDefault("2m")
        Duration responseTimeout();
    }

    /** The clock of the client's waits: every poll, throttling and name-reservation wait goes through it. */
    interface Polling {
        /**
         * Divides every real wait by this factor while the waits the client announces, records and budgets on keep the
         * requested value (a {@code Retry-After: 20} is recorded as 20 s and sleeps 20 s / time-scale). Only for tests
         * against an emulator running at the same time-scale; anything but 1 against real Fabric polls too early.
         */
        @WithDefault("1")
        double timeScale();

        /**
         * Build-time, for tests: makes a {@link io.weft.fabric.client.http.RecordingSleeper} over the time-scaled sleeper
         * the client's {@code Sleeper} bean, so a {@code @QuarkusTest} can inject it and assert on every wait.
         */
        @WithDefault("false")
        boolean recordWaits();
    }

    /** Record and replay (opt-in). */
    interface Recording {
        /**
         * When set, every Fabric REST and OneLake exchange (method, path template, status, headers, body) is appended to
         * this file as one JSON line, redacted: no Authorization, no SAS signature, no secret-looking field, definition
         * payloads replaced. Unset: nothing is recorded.
         */
        Optional<Path> file();

        /** Replace every GUID in the recording with a stable placeholder GUID (the same GUID, the same placeholder). */
        @WithDefault("true")
        boolean mapGuids();
    }

    /** These values as a {@link FabricSettings} for the client core. */
    default FabricSettings toSettings() {
        return new FabricSettings(apiUrl(), onelakeUrl(), powerBi().apiUrl(), allowedHosts(),
                auth().toSettings(),
                tls().trustCertificate(),
                new FabricSettings.Operations(operations().budget(), operations().initialDelay(), operations().maxDelay()),
                new FabricSettings.Throttling(throttling().budget(), throttling().defaultRetryAfter()),
                new FabricSettings.Retry(retry().maxRetries(), retry().initialDelay(), retry().maxDelay(),
                        retry().nameNotAvailableDelay(), retry().nameNotAvailableBudget()),
                new FabricSettings.CircuitBreaker(circuitBreaker().requestVolumeThreshold(), circuitBreaker().failureRatio(),
                        circuitBreaker().delay(), circuitBreaker().successThreshold()),
                new FabricSettings.Upload(upload().parallelFiles(), upload().maxConcurrency(), upload().blockSize().asLongValue()),
                new FabricSettings.Http(http().connectTimeout(), http().responseTimeout()),
                new FabricSettings.Polling(polling().timeScale()),
                new FabricSettings.Recording(recording().file(), recording().mapGuids()));
    }
}
