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
 * @param allowedHosts     extra host patterns ({@code *.suffix} or exact) a Location or continuationUri may point to;
 *                         the hosts of {@code apiUrl} and {@code oneLakeUrl} are always allowed
 * @param auth             how tokens are obtained
 * @param trustCertificate a PEM certificate to trust (in addition to the JDK's) for every Fabric, OneLake and Entra call
 */
public record FabricSettings(URI apiUrl, URI oneLakeUrl, List<String> allowedHosts, Auth auth,
        Optional<Path> trustCertificate, Operations operations, Throttling throttling, Retry retry,
        CircuitBreaker circuitBreaker, Upload upload, Http http) {

    public static final List<String> DEFAULT_ALLOWED_HOSTS = List.of("*.fabric.microsoft.com", "*.analysis.windows.net",
            "*.pbidedicated.windows.net", "api.powerbi.com");

    public FabricSettings {
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** Production defaults: public Fabric endpoints, {@code DefaultAzureCredential}, documented budgets. */
    public static FabricSettings defaults() {
        return new FabricSettings(URI.create("https://api.fabric.microsoft.com/v1"),
                URI.create("https://onelake.dfs.fabric.microsoft.com"), DEFAULT_ALLOWED_HOSTS,
                new Auth(AuthMethod.DEFAULT, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                Optional.empty(), Operations.defaults(), Throttling.defaults(), Retry.defaults(),
                CircuitBreaker.defaults(), Upload.defaults(), Http.defaults());
    }

    public FabricSettings withApiUrl(URI value) {
        return new FabricSettings(value, oneLakeUrl, allowedHosts, auth, trustCertificate, operations, throttling, retry, circuitBreaker, upload, http);
    }

    public FabricSettings withOneLakeUrl(URI value) {
        return new FabricSettings(apiUrl, value, allowedHosts, auth, trustCertificate, operations, throttling, retry, circuitBreaker, upload, http);
    }

    public FabricSettings withAllowedHosts(List<String> value) {
        return new FabricSettings(apiUrl, oneLakeUrl, value, auth, trustCertificate, operations, throttling, retry, circuitBreaker, upload, http);
    }

    public FabricSettings withAuth(Auth value) {
        return new FabricSettings(apiUrl, oneLakeUrl, allowedHosts, value, trustCertificate, operations, throttling, retry, circuitBreaker, upload, http);
    }

    public FabricSettings withTrustCertificate(Path value) {
        return new FabricSettings(apiUrl, oneLakeUrl, allowedHosts, auth, Optional.ofNullable(value), operations, throttling, retry, circuitBreaker, upload, http);
    }

    public FabricSettings withOperations(Operations value) {
        return new FabricSettings(apiUrl, oneLakeUrl, allowedHosts, auth, trustCertificate, value, throttling, retry, circuitBreaker, upload, http);
    }

    public FabricSettings withThrottling(Throttling value) {
        return new FabricSettings(apiUrl, oneLakeUrl, allowedHosts, auth, trustCertificate, operations, value, retry, circuitBreaker, upload, http);
    }

    public FabricSettings withRetry(Retry value) {
        return new FabricSettings(apiUrl, oneLakeUrl, allowedHosts, auth, trustCertificate, operations, throttling, value, circuitBreaker, upload, http);
    }

    public FabricSettings withCircuitBreaker(CircuitBreaker value) {
        return new FabricSettings(apiUrl, oneLakeUrl, allowedHosts, auth, trustCertificate, operations, throttling, retry, value, upload, http);
    }

    public FabricSettings withUpload(Upload value) {
        return new FabricSettings(apiUrl, oneLakeUrl, allowedHosts, auth, trustCertificate, operations, throttling, retry, circuitBreaker, value, http);
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
     * OneLake uploads: memory in flight is bounded by {@code parallelFiles × maxConcurrencyPerFile × blockSize}.
     */
    public record Upload(int parallelFiles, int maxConcurrencyPerFile, long blockSize) {
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
}
