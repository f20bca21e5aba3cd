package io.weft.fabric.client.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the client needs, as plain values: built from {@link FabricClientConfig} under CDI, or directly in
 * code and tests ({@link #defaults()} then the {@code with…} methods).
 *
 * @param apiUrl           Fabric REST base URL including {@code /v1}
 * @param oneLakeUrl       OneLake DFS endpoint
 * @param powerBiUrl       Power BI REST base URL including {@code /v1.0/myorg} (semantic model refreshes)
 * @param allowedHosts     extra host patterns ({@code *.suffix} or exact) a Location or continuationUri may point to;
 *                         the hosts of {@code apiUrl}, {@code oneLakeUrl} and {@code powerBiUrl} are always allowed
 * @param auth             how tokens are obtained
 * @param trustCertificate a PEM certificate to trust (in addition to the JDK's) for every Fabric, OneLake and Entra call
 * @param polling          the clock waits and budgets run on (time-scale: tests only)
 * @param recording        recording every Fabric and OneLake exchange to a redacted file (off unless a file is given)
 */
public record FabricSettings(URI apiUrl, URI oneLakeUrl, URI powerBiUrl, List<String> allowedHosts, Auth auth,
        Optional<Path> trustCertificate, Operations operations, Throttling throttling, Retry retry,
        CircuitBreaker circuitBreaker, Upload upload, Http http, Polling polling, Recording recording) {

    public static final List<String> DEFAULT_ALLOWED_HOSTS = List.of("*.fabric.microsoft.com", "*.analysis.windows.net",
            "*.pbidedicated.windows.net", "api.powerbi.com");

    /** The public Power BI REST base URL. */
    public static final String DEFAULT_POWER_BI_URL = "https://api.powerbi.com/v1.0/myorg";

    public FabricSettings {
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** Production defaults: public Fabric endpoints, {@code DefaultAzureCredential}, documented budgets. */
    public static FabricSettings defaults() {
        return new FabricSettings(URI.create("https://api.fabric.microsoft.com/v1"),
                URI.create("https://onelake.dfs.fabric.microsoft.com"), URI.create(DEFAULT_POWER_BI_URL), DEFAULT_ALLOWED_HOSTS,
                new Auth(AuthMethod.DEFAULT, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                Optional.empty(), Operations.defaults(), Throttling.defaults(), Retry.defaults(),
                CircuitBreaker.defaults(), Upload.defaults(), Http.defaults(), Polling.defaults(), Recording.off());
    }

    public FabricSettings withApiUrl(URI value) {
        return new FabricSettings(value, oneLakeUrl, powerBiUrl, allowedHosts, auth, trustCertificate, operations, throttling, retry, circuitBreaker, upload, http, polling, recording);
    }

    public FabricSettings withOneLakeUrl(URI value) {
        return new FabricSettings(apiUrl, value, powerBiUrl, allowedHosts, auth, trustCertificate, operations, throttling, retry, circuitBreaker, upload, http, polling, recording);
    }

    public FabricSettings withPowerBiUrl(URI value) {
        return new FabricSettings(apiUrl, oneLakeUrl, value, allowedHosts, auth, trustCertificate, operations, throttling, retry, circuitBreaker, upload, http, polling, recording);
    }

    public FabricSettings withAllowedHosts(List<String> value) {
        return new FabricSettings(apiUrl, oneLakeUrl, powerBiUrl, value, auth, trustCertificate, operations, throttling, retry, circuitBreaker, upload, http, polling, recording);
    }

    public FabricSettings withAuth(Auth value) {
        return new FabricSettings(apiUrl, oneLakeUrl, powerBiUrl, allowedHosts, value, trustCertificate, operations, throttling, retry, circuitBreaker, upload, http, polling, recording);
    }

    public FabricSettings withTrustCertificate(Path value) {
        return new FabricSettings(apiUrl, oneLakeUrl, powerBiUrl, allowedHosts, auth, Optional.ofNullable(value), operations, throttling, retry, circuitBreaker, upload, http, polling, recording);
    }

    public FabricSettings withOperations(Operations value) {
        return new FabricSettings(apiUrl, oneLakeUrl, powerBiUrl, allowedHosts, auth, trustCertificate, value, throttling, retry, circuitBreaker, upload, http, polling, recording);
    }

    public FabricSettings withThrottling(Throttling value) {
        return new FabricSettings(apiUrl, oneLakeUrl, powerBiUrl, allowedHosts, auth, trustCertificate, operations, value, retry, circuitBreaker, upload, http, polling, recording);
    }

    public FabricSettings withRetry(Retry value) {
        return new FabricSettings(apiUrl, oneLakeUrl, powerBiUrl, allowedHosts, auth, trustCertificate, operations, throttling, value, circuitBreaker, upload, http, polling, recording);
    }

    public FabricSettings withCircuitBreaker(CircuitBreaker value) {
        return new FabricSettings(apiUrl, oneLakeUrl, powerBiUrl, allowedHosts, auth, trustCertificate, operations, throttling, retry, value, upload, http, polling, recording);
    }

    public FabricSettings withUpload(Upload value) {
        return new FabricSettings(apiUrl, oneLakeUrl, powerBiUrl, allowedHosts, auth, trustCertificate, operations, throttling, retry, circuitBreaker, value, http, polling, recording);
    }

    public FabricSettings withPolling(Polling value) {
        return new FabricSettings(apiUrl, oneLakeUrl, powerBiUrl, allowedHosts, auth, trustCertificate, operations, throttling, retry, circuitBreaker, upload, http, value, recording);
    }

    public FabricSettings withRecording(Recording value) {
        return new FabricSettings(apiUrl, oneLakeUrl, powerBiUrl, allowedHosts, auth, trustCertificate, operations, throttling, retry, circuitBreaker, upload, http, polling, value);
    }

    /** Credentials. {@link #toString()} never shows the secret. */
    public record Auth(AuthMethod method, Optional<String> authorityHost, Optional<String> tenantId,
            Optional<String> clientId, Optional<String> clientSecret) {

        public static Auth clientSecret(String authorityHost, String tenantId, String clientId, String clientSecret) {
            return new Auth(AuthMethod.CLIENT_SECRET, Optional.ofNullable(authorityHost), Optional.of(tenantId),
                    Optional.of(clientId), Optional.of(clientSecret));
        }

        @Override
        public String toString() {
            return "Auth[method=" + method + ", authorityHost=" + authorityHost.orElse("(default)") + ", tenantId="
                    + tenantId.orElse("-") + ", clientId=" + clientId.orElse("-") + ", clientSecret="
                    + (clientSecret.isPresent() ? "***" : "-") + "]";
        }
    }

    /** Long-running operation polling: a time budget, not an attempt count. */
    public record Operations(Duration budget, Duration initialDelay, Duration maxDelay) {
        public static Operations defaults() {
            return new Operations(Duration.ofMinutes(30), Duration.ofSeconds(2), Duration.ofSeconds(30));
        }
    }

    /**
     * 429 handling: wait exactly Retry-After (or {@code defaultRetryAfter} when absent), never counted as a failed
     * attempt, for at most {@code budget} per call.
     */
    public record Throttling(Duration budget, Duration defaultRetryAfter) {
        public static Throttling defaults() {
            return new Throttling(Duration.ofMinutes(30), Duration.ofSeconds(30));
        }
    }

    /**
     * Transient failures (5xx, connection errors): {@code maxRetries} with exponential backoff and jitter.
     * {@code ItemDisplayNameNotAvailableYet}: retried every {@code nameNotAvailableDelay} within {@code nameNotAvailableBudget}.
     */
    public record Retry(int maxRetries, Duration initialDelay, Duration maxDelay, Duration nameNotAvailableDelay,
            Duration nameNotAvailableBudget) {
        public static Retry defaults() {
            return new Retry(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofMinutes(6));
        }
    }

    /** One breaker per Fabric host: opens when {@code failureRatio} of the last {@code requestVolumeThreshold} calls failed. */
    public record CircuitBreaker(int requestVolumeThreshold, double failureRatio, Duration delay, int successThreshold) {
        public static CircuitBreaker defaults() {
            return new CircuitBreaker(10, 0.5, Duration.ofSeconds(30), 1);
        }
    }

    /**
     * OneLake uploads: memory in flight is bounded by {@code parallelFiles × maxConcurrency × blockSize}.
     */
    public record Upload(int parallelFiles, int maxConcurrency, long blockSize) {
        public static Upload defaults() {
            return new Upload(4, 2, 4L * 1024 * 1024);
        }
    }

    /** HTTP transport timeouts. */
    public record Http(Duration connectTimeout, Duration responseTimeout) {
        public static Http defaults() {
            return new Http(Duration.ofSeconds(10), Duration.ofMinutes(2));
        }
    }

    /**
     * The clock the client's waits run on. {@code timeScale} above 1 divides every real sleep by it while the waits
     * and budgets keep their announced values: only for tests against an emulator running at the same time-scale.
     */
    public record Polling(double timeScale) {
        public static Polling defaults() {
            return new Polling(1.0);
        }
    }

    /**
     * Record and replay: when {@code file} is set, every Fabric REST and OneLake exchange is appended to it as one JSON
     * line, redacted (no Authorization, no SAS signature, no secret-looking field, definition payloads replaced).
     * {@code mapGuids} replaces every GUID by a stable placeholder GUID ({@code 00000000-0000-0000-0000-000000000001}, …).
     */
    public record Recording(Optional<Path> file, boolean mapGuids) {
        public static Recording off() {
            return new Recording(Optional.empty(), true);
        }

        public static Recording to(Path file) {
            return new Recording(Optional.of(file), true);
        }
    }
}
