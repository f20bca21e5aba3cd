package io.weft.fabric.emulator;

import io.weft.fabric.emulator.fabric.TimingProfile;

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
    private Boolean longRunningOperations;
    private final java.util.Map<String, Integer> createStatus = new java.util.LinkedHashMap<>();
    private TimingProfile.Kind profile = TimingProfile.Kind.REALISTIC;
    private boolean fixedTiming;
    private double timeScale = 1.0;
    private long seed = 20;
    private String tenantId = "00000000-0000-0000-0000-00000000e1a1";
    private String clientId = "7e57c11e-0000-4000-8000-000000000001";
    private String clientSecret = "emulator-secret-" + UUID.randomUUID();
    private Duration tokenLifetime = Duration.ofHours(1);
    private String weftAppId = DEFAULT_WEFT_APP_ID;
    private final java.util.List<ApiClient> apiClients = new java.util.ArrayList<>();
    private final java.util.List<User> users = new java.util.ArrayList<>();
    private final java.util.List<SpaClient> spaClients = new java.util.ArrayList<>();
    private Path certificatePem;
    /** null: automatic (127.0.0.2 on the realistic profile when bound to 127.0.0.1); "" : none. */
    private String operationsHost;
    private Path privateKeyPem;

    /** The application (client) id of Weft's own API registration: the audience of the tokens its services accept. */
    public static final String DEFAULT_WEFT_APP_ID = "7e57c11e-0000-4000-8000-00000000a0a1";

    /**
     * A client app registered in the tenant that may get tokens for Weft's API (client credentials), with the app
     * roles it was granted; they appear in the token's {@code roles} claim.
     */
    public record ApiClient(String clientId, String clientSecret, java.util.List<String> roles) {
        public ApiClient {
            Objects.requireNonNull(clientId);
            Objects.requireNonNull(clientSecret);
            roles = java.util.List.copyOf(roles);
        }

        /**
         * {@code clientId:secret:Role1,Role2;clientId2:secret2:Role3}: the format of {@code fabric.emulator.api-clients}
         * (no {@code :}, {@code ;} or {@code ,} inside a value).
         */
        public static java.util.List<ApiClient> parse(String value) {
            java.util.List<ApiClient> clients = new java.util.ArrayList<>();
            for (String entry : entries(value)) {
                String[] parts = entry.split(":", 3);
                if (parts.length < 2) {
                    throw new IllegalArgumentException("An API client is clientId:secret[:Role,Role], not '" + parts[0] + ":...'");
                }
                clients.add(new ApiClient(parts[0].trim(), parts[1], list(parts, 2)));
            }
            return clients;
        }

        @Override
        public String toString() {
            return "ApiClient[clientId=" + clientId + ", roles=" + roles + "]"; // never the secret
        }
    }

    /**
     * A user of the tenant who signs in through the authorization endpoint's form (the authorization-code flow of a
     * {@link SpaClient}), with the app roles of Weft's API assigned to them and the groups they are in: the access
     * token's {@code roles} and {@code groups} claims. Their object id ({@code oid}) is derived from the name, so it
     * is the same at every start.
     */
    public record User(String name, String password, java.util.List<String> roles, java.util.List<String> groups) {
        public User {
            Objects.requireNonNull(name);
            Objects.requireNonNull(password);
            roles = java.util.List.copyOf(roles);
            groups = java.util.List.copyOf(groups);
        }

        /** The user's object id: the same for a name at every start, so that a scope can be granted to it. */
        public String objectId() {
            return UUID.nameUUIDFromBytes(("user:" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        }

        /**
         * {@code name:password:Role1,Role2[:group1,group2];name2:password2:Role3}: the format of
         * {@code fabric.emulator.users}, that of {@code api-clients} with the groups after the roles (no {@code :},
         * {@code ;} or {@code ,} inside a value).
         */
        public static java.util.List<User> parse(String value) {
            java.util.List<User> users = new java.util.ArrayList<>();
            for (String entry : entries(value)) {
                String[] parts = entry.split(":", 4);
                if (parts.length < 2) {
                    throw new IllegalArgumentException("A user is name:password[:Role,Role[:group,group]], not '" + parts[0] + ":...'");
                }
                users.add(new User(parts[0].trim(), parts[1], list(parts, 2), list(parts, 3)));
            }
            return users;
        }

        @Override
        public String toString() {
            return "User[name=" + name + ", roles=" + roles + ", groups=" + groups + "]"; // never the password
        }
    }

    /**
     * A single-page application registered in the tenant: it signs users in with the authorization-code flow and
     * PKCE, and only to these redirect URIs. As Entra does for loopback URIs ({@code http://localhost},
     * {@code http://127.0.0.1}), their port is ignored when a request's URI is compared with them.
     */
    public record SpaClient(String clientId, java.util.List<String> redirectUris) {
        public SpaClient {
            Objects.requireNonNull(clientId);
            redirectUris = java.util.List.copyOf(redirectUris);
        }

        /**
         * {@code clientId:uri1,uri2;clientId2:uri3}: the format of {@code fabric.emulator.spa-clients} (the client
         * id ends at the first {@code :}; no {@code ;} or {@code ,} inside a URI).
         */
        public static java.util.List<SpaClient> parse(String value) {
            java.util.List<SpaClient> clients = new java.util.ArrayList<>();
            for (String entry : entries(value)) {
                String[] parts = entry.split(":", 2);
                if (parts.length < 2 || list(parts, 1).isEmpty()) {
                    throw new IllegalArgumentException("A SPA client is clientId:redirectUri[,redirectUri], not '" + entry + "'");
                }
                clients.add(new SpaClient(parts[0].trim(), list(parts, 1)));
            }
            return clients;
        }
    }

    private static java.util.List<String> entries(String value) {
        return java.util.Arrays.stream(value.split(";")).map(String::trim).filter(e -> !e.isEmpty()).toList();
    }

    /** The comma-separated values of {@code parts[index]}, none when absent. */
    private static java.util.List<String> list(String[] parts, int index) {
        return parts.length > index
                ? java.util.Arrays.stream(parts[index].split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList()
                : java.util.List.of();
    }

    private EmulatorOptions() {
    }

    /**
     * Free port, temporary data directory, page size 100, the realistic timing profile (Retry-After 20 s typical,
     * operations of 7 s median) at time-scale 1.
     */
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
        setting("profile").map(v -> TimingProfile.Kind.valueOf(v.toUpperCase(java.util.Locale.ROOT))).ifPresent(o::profile);
        setting("time-scale").map(Double::parseDouble).ifPresent(o::timeScale);
        setting("seed").map(Long::parseLong).ifPresent(o::seed);
        setting("long-running-operations").map(Boolean::parseBoolean).ifPresent(o::longRunningOperations);
        // e.g. Lakehouse=202,SemanticModel=201
        setting("create-status").ifPresent(v -> java.util.Arrays.stream(v.split(",")).map(String::trim).filter(e -> !e.isEmpty())
                .forEach(e -> {
                    int eq = e.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("create-status entries are Type=201 or Type=202, was " + e);
                    }
                    o.createStatus(e.substring(0, eq).trim(), Integer.parseInt(e.substring(eq + 1).trim()));
                }));
        setting("tenant-id").ifPresent(o::tenantId);
        setting("client-id").ifPresent(o::clientId);
        setting("client-secret").ifPresent(o::clientSecret);
        setting("weft-app-id").ifPresent(o::weftAppId);
        setting("api-clients").map(ApiClient::parse).ifPresent(clients -> clients.forEach(o::apiClient));
        setting("users").map(User::parse).ifPresent(users -> users.forEach(o::user));
        setting("spa-clients").map(SpaClient::parse).ifPresent(clients -> clients.forEach(o::spaClient));
        setting("operations-host").map(v -> "none".equalsIgnoreCase(v) ? "" : v).ifPresent(o::operationsHost);
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
    public EmulatorOptions operationDuration(Duration d) { this.operationDuration = Objects.requireNonNull(d); this.fixedTiming = true; return this; }
    /** How long a new lakehouse's SQL endpoint stays InProgress. */
    public EmulatorOptions sqlEndpointProvisioning(Duration d) { this.sqlEndpointProvisioning = Objects.requireNonNull(d); return this; }
    /** How long after an ontology definition is applied its graph model appears. */
    public EmulatorOptions graphModelDelay(Duration d) { this.graphModelDelay = Objects.requireNonNull(d); return this; }
    /** Value of Retry-After on 202 responses and running operations (the real service says 20). */
    public EmulatorOptions retryAfterSeconds(int seconds) { this.retryAfterSeconds = seconds; this.fixedTiming = true; return this; }
    /**
     * REALISTIC (default): Retry-After and durations drawn per operation like real Fabric; FAST: the fixed
     * {@link #operationDuration(Duration)} (300 ms) and {@link #retryAfterSeconds(int)} (1 s). Setting either of
     * those fixes them in the realistic profile too.
     */
    public EmulatorOptions profile(TimingProfile.Kind profile) { this.profile = Objects.requireNonNull(profile); return this; }
    /** The fast profile: what other modules' tests and the local demo select explicitly. */
    public EmulatorOptions fast() { return profile(TimingProfile.Kind.FAST); }
    /**
     * Every duration the emulator waits is divided by this (default 1), while headers keep announcing the unscaled
     * seconds: pair it with the client's {@code weft.fabric.polling.time-scale}.
     */
    public EmulatorOptions timeScale(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("timeScale must be a positive number, was " + scale);
        }
        this.timeScale = scale;
        return this;
    }
    /** Seed of the realistic profile's draws, so a run can be repeated. */
    public EmulatorOptions seed(long seed) { this.seed = seed; return this; }
    /**
     * Unset (default): creates answer 201 or 202 per item type as Fabric does (Lakehouse 201, SemanticModel 202, ...),
     * definitions 202. true: every LRO-capable call answers 202 + operation; false: the fast path (201/200 with the
     * result). {@link #createStatus(String, int)} beats it for its type.
     */
    public EmulatorOptions longRunningOperations(boolean lro) { this.longRunningOperations = lro; return this; }
    /** Creates of {@code type} answer {@code status} (201: the item at once; 202: an operation), whatever the rest says. */
    public EmulatorOptions createStatus(String type, int status) {
        this.createStatus.put(Objects.requireNonNull(type), io.weft.fabric.emulator.fabric.CreateResponses.checkStatus(type, status));
        return this;
    }
    /** Entra tenant of the registered app. */
    public EmulatorOptions tenantId(String tenantId) { this.tenantId = Objects.requireNonNull(tenantId); return this; }
    /** Client id of the registered app that gets tokens. */
    public EmulatorOptions clientId(String clientId) { this.clientId = Objects.requireNonNull(clientId); return this; }
    /** Client secret of the registered app; random by default. */
    public EmulatorOptions clientSecret(String clientSecret) { this.clientSecret = Objects.requireNonNull(clientSecret); return this; }
    /** Application (client) id of Weft's API registration: tokens requested for {@code api://ID/.default} carry it as {@code aud}. */
    public EmulatorOptions weftAppId(String weftAppId) { this.weftAppId = Objects.requireNonNull(weftAppId); return this; }
    /** Registers a client app that may get tokens for Weft's API with these app roles. */
    public EmulatorOptions apiClient(ApiClient client) { this.apiClients.add(Objects.requireNonNull(client)); return this; }
    /** Registers a user who signs in through the authorization endpoint's form. */
    public EmulatorOptions user(User user) { this.users.add(Objects.requireNonNull(user)); return this; }
    /** Registers a single-page application that signs users in (authorization code with PKCE). */
    public EmulatorOptions spaClient(SpaClient client) { this.spaClients.add(Objects.requireNonNull(client)); return this; }
    /** Lifetime of issued access tokens. */
    public EmulatorOptions tokenLifetime(Duration d) { this.tokenLifetime = Objects.requireNonNull(d); return this; }
    /** Serve this certificate (PEM) instead of generating one; needs {@link #privateKeyPem(Path)} too. */
    public EmulatorOptions certificatePem(Path pem) { this.certificatePem = pem; return this; }
    /**
     * The host of a second listener that operation {@code Location}s point at (Fabric answers from one host and
     * polls on a regional cluster host). Unset: {@code 127.0.0.2} on the realistic profile when bound to
     * {@code 127.0.0.1}, none otherwise; empty: none (Locations on the called host).
     */
    public EmulatorOptions operationsHost(String host) { this.operationsHost = Objects.requireNonNull(host); return this; }
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
    /** null: per item type. */
    public Boolean longRunningOperations() { return longRunningOperations; }
    public java.util.Map<String, Integer> createStatus() { return java.util.Map.copyOf(createStatus); }
    public TimingProfile.Kind profile() { return profile; }
    public boolean fixedTiming() { return fixedTiming; }
    public double timeScale() { return timeScale; }
    public long seed() { return seed; }
    public String tenantId() { return tenantId; }
    public String clientId() { return clientId; }
    public String clientSecret() { return clientSecret; }
    public Duration tokenLifetime() { return tokenLifetime; }
    public String weftAppId() { return weftAppId; }
    public java.util.List<ApiClient> apiClients() { return java.util.List.copyOf(apiClients); }
    public java.util.List<User> users() { return java.util.List.copyOf(users); }
    public java.util.List<SpaClient> spaClients() { return java.util.List.copyOf(spaClients); }
    public Path certificatePem() { return certificatePem; }
    /** The operations host in effect, or null for none. */
    public String effectiveOperationsHost() {
        if (operationsHost != null) {
            return operationsHost.isBlank() ? null : operationsHost;
        }
        return profile == TimingProfile.Kind.REALISTIC && "127.0.0.1".equals(host) ? "127.0.0.2" : null;
    }
    public Path privateKeyPem() { return privateKeyPem; }

    @Override
    public String toString() {
        // never the secret
        return "EmulatorOptions[host=" + host + ", port=" + port + ", dataDirectory=" + dataDirectory + ", pageSize=" + pageSize
                + ", profile=" + profile + ", timeScale=" + timeScale + ", operationDuration=" + operationDuration + ", longRunningOperations=" + longRunningOperations
                + ", tenantId=" + tenantId + ", clientId=" + clientId + ", weftAppId=" + weftAppId + ", apiClients=" + apiClients + ", users=" + users + ", spaClients=" + spaClients + "]";
    }
}
