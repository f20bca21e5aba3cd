package io.weft.fabric.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How a {@link FabricEmulator} starts. Fluent and mutable: {@code EmulatorOptions.defaults().port(0).pageSize(2)}.
 * Every value can also come from a system property or environment variable through {@link #fromEnvironment()}.
 */
public final class EmulatorOptions {

    private String host = "127.0.0.1";
    private int port = 0;
    private Path dataDirectory;
    private int pageSize = 100;
    private Duration operationDuration = Duration.ofMillis(300);
    private Duration sqlEndpointProvisioning = Duration.ofMillis(300);
    private Duration graphModelDelay = Duration.ofMillis(300);
    private int retryAfterSeconds = 1;
    private boolean longRunningOperations = true;
    private String tenantId = "00000000-0000-0000-0000-00000000e1a1";
    private String clientId = "7e57c11e-0000-4000-8000-000000000001";
    private String clientSecret = "emulator-secret-" + UUID.randomUUID();
    private Duration tokenLifetime = Duration.ofHours(1);
    private Path certificatePem;
    private Path privateKeyPem;

    private EmulatorOptions() {
    }

    /** Free port, temporary data directory, page size 100, 300 ms long-running operations. */
    public static EmulatorOptions defaults() {
        return new EmulatorOptions();
    }

    /**
     * Options from system properties ({@code fabric.emulator.port}) or environment variables
     * ({@code FABRIC_EMULATOR_PORT}); see the module README for the full list.
     */
    public static EmulatorOptions fromEnvironment() {
        EmulatorOptions o = defaults();
        setting("host").ifPresent(o::host);
        setting("port").map(Integer::parseInt).ifPresent(o::port);
        setting("data-dir").map(Path::of).ifPresent(o::dataDirectory);
        setting("page-size").map(Integer::parseInt).ifPresent(o::pageSize);
        setting("operation-duration-ms").map(Long::parseLong).map(Duration::ofMillis).ifPresent(o::operationDuration);
        setting("sql-endpoint-provisioning-ms").map(Long::parseLong).map(Duration::ofMillis).ifPresent(o::sqlEndpointProvisioning);
        setting("graph-model-delay-ms").map(Long::parseLong).map(Duration::ofMillis).ifPresent(o::graphModelDelay);
        setting("retry-after-seconds").map(Integer::parseInt).ifPresent(o::retryAfterSeconds);
        setting("long-running-operations").map(Boolean::parseBoolean).ifPresent(o::longRunningOperations);
        setting("tenant-id").ifPresent(o::tenantId);
        setting("client-id").ifPresent(o::clientId);
        setting("client-secret").ifPresent(o::clientSecret);
        setting("certificate-pem").map(Path::of).ifPresent(o::certificatePem);
        setting("private-key-pem").map(Path::of).ifPresent(o::privateKeyPem);
        return o;
    }

    private static java.util.Optional<String> setting(String name) {
        String value = System.getProperty("fabric.emulator." + name);
        if (value == null) {
            value = System.getenv("FABRIC_EMULATOR_" + name.toUpperCase().replace('-', '_'));
        }
        return java.util.Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    /** Interface to bind, 127.0.0.1 by default. */
    public EmulatorOptions host(String host) { this.host = Objects.requireNonNull(host); return this; }
    /** TCP port; 0 picks a free one. */
    public EmulatorOptions port(int port) { this.port = port; return this; }
    /** Where OneLake file bytes and the certificate PEM live; a temporary directory when unset. */
    public EmulatorOptions dataDirectory(Path dataDirectory) { this.dataDirectory = dataDirectory; return this; }
    /** Entries per page of every paged list. */
    public EmulatorOptions pageSize(int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1");
        }
        this.pageSize = pageSize;
        return this;
    }
    /** How long a long-running operation stays Running. */
    public EmulatorOptions operationDuration(Duration d) { this.operationDuration = Objects.requireNonNull(d); return this; }
    /** How long a new lakehouse's SQL endpoint stays InProgress. */
    public EmulatorOptions sqlEndpointProvisioning(Duration d) { this.sqlEndpointProvisioning = Objects.requireNonNull(d); return this; }
    /** How long after an ontology definition is applied its graph model appears. */
    public EmulatorOptions graphModelDelay(Duration d) { this.graphModelDelay = Objects.requireNonNull(d); return this; }
    /** Value of Retry-After on 202 responses and running operations (the real service says 20). */
    public EmulatorOptions retryAfterSeconds(int seconds) { this.retryAfterSeconds = seconds; return this; }
    /** true: LRO-capable calls answer 202 + operation; false: the fast path (201/200 with the result). */
    public EmulatorOptions longRunningOperations(boolean lro) { this.longRunningOperations = lro; return this; }
    /** Entra tenant of the registered app. */
    public EmulatorOptions tenantId(String tenantId) { this.tenantId = Objects.requireNonNull(tenantId); return this; }
    /** Client id of the registered app that gets tokens. */
    public EmulatorOptions clientId(String clientId) { this.clientId = Objects.requireNonNull(clientId); return this; }
    /** Client secret of the registered app; random by default. */
    public EmulatorOptions clientSecret(String clientSecret) { this.clientSecret = Objects.requireNonNull(clientSecret); return this; }
    /** Lifetime of issued access tokens. */
    public EmulatorOptions tokenLifetime(Duration d) { this.tokenLifetime = Objects.requireNonNull(d); return this; }
    /** Serve this certificate (PEM) instead of generating one; needs {@link #privateKeyPem(Path)} too. */
    public EmulatorOptions certificatePem(Path pem) { this.certificatePem = pem; return this; }
    /** PKCS#8 private key PEM of {@link #certificatePem(Path)}. */
    public EmulatorOptions privateKeyPem(Path pem) { this.privateKeyPem = pem; return this; }

    public String host() { return host; }
    public int port() { return port; }
    public Path dataDirectory() { return dataDirectory; }
    public int pageSize() { return pageSize; }
    public Duration operationDuration() { return operationDuration; }
    public Duration sqlEndpointProvisioning() { return sqlEndpointProvisioning; }
    public Duration graphModelDelay() { return graphModelDelay; }
    public int retryAfterSeconds() { return retryAfterSeconds; }
    public boolean longRunningOperations() { return longRunningOperations; }
    public String tenantId() { return tenantId; }
    public String clientId() { return clientId; }
    public String clientSecret() { return clientSecret; }
    public Duration tokenLifetime() { return tokenLifetime; }
    public Path certificatePem() { return certificatePem; }
    public Path privateKeyPem() { return privateKeyPem; }

    @Override
    public String toString() {
        // never the secret
        return "EmulatorOptions[host=" + host + ", port=" + port + ", dataDirectory=" + dataDirectory + ", pageSize=" + pageSize
                + ", operationDuration=" + operationDuration + ", longRunningOperations=" + longRunningOperations
                + ", tenantId=" + tenantId + ", clientId=" + clientId + "]";
    }
}
