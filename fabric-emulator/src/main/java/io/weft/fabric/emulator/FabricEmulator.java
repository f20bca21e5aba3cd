package io.weft.fabric.emulator;

import io.weft.fabric.emulator.admin.AdminHandler;
import io.weft.fabric.emulator.admin.FaultRegistry;
import io.weft.fabric.emulator.admin.RequestLog;
import io.weft.fabric.emulator.entra.EntraHandler;
import io.weft.fabric.emulator.entra.TokenService;
import io.weft.fabric.emulator.fabric.FabricApi;
import io.weft.fabric.emulator.fabric.FabricService;
import io.weft.fabric.emulator.fabric.RuntimeSettings;
import io.weft.fabric.emulator.fabric.WorkspaceAccess;
import io.weft.fabric.emulator.http.Dispatcher;
import io.weft.fabric.emulator.fabric.PowerBiApi;
import io.weft.fabric.emulator.http.WireServer;
import io.weft.fabric.emulator.keyvault.KeyVaultHandler;
import io.weft.fabric.emulator.keyvault.SecretStore;
import io.weft.fabric.emulator.onelake.OneLakeHandler;
import io.weft.fabric.emulator.onelake.OneLakeStore;
import io.weft.fabric.emulator.tls.TlsMaterial;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

/**
 * A local Microsoft Fabric: Fabric REST ({@code /v1}), OneLake DFS/blob ({@code /onelake}), an Entra token
 * endpoint and Azure Key Vault's secrets ({@code /secrets}), over HTTPS with its own certificate, with fault injection ({@code /_emulator}).
 * <pre>{@code
 * try (FabricEmulator emulator = FabricEmulator.start(EmulatorOptions.defaults().pageSize(2))) {
 *     emulator.fabricApiUrl(); // https://127.0.0.1:PORT/v1
 * }
 * }</pre>
 */
public final class FabricEmulator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FabricEmulator.class);

    private final EmulatorOptions options;
    private final WireServer server;
    private final TlsMaterial tls;
    private final Path dataDirectory;
    /** A temporary data directory the emulator made itself, deleted on close. */
    private final boolean temporaryDataDirectory;
    private final Path certificatePem;
    private final String baseUrl;
    /** Where operation Locations point: another host, as Fabric's regional clusters are; {@link #baseUrl} when none. */
    private final String operationsBaseUrl;
    private final FabricService service;
    private final EmulatorAdmin admin;

    private FabricEmulator(EmulatorOptions options) throws IOException {
        this.options = options;
        this.temporaryDataDirectory = options.dataDirectory() == null;
        this.dataDirectory = temporaryDataDirectory ? Files.createTempDirectory("fabric-emulator-")
                : Files.createDirectories(options.dataDirectory());
        this.tls = options.certificatePem() != null ? TlsMaterial.fromPem(options.certificatePem(), options.privateKeyPem())
                : TlsMaterial.selfSigned(options.host(), options.effectiveOperationsHost());
        this.certificatePem = tls.writeCertificatePem(dataDirectory.resolve("emulator-certificate.pem"));

        List<InetSocketAddress> addresses = new ArrayList<>(List.of(new InetSocketAddress(options.host(), options.port())));
        String operationsHost = options.effectiveOperationsHost();
        if (operationsHost != null) {
            addresses.add(new InetSocketAddress(operationsHost, 0));
        }
        Dispatcher[] dispatcher = new Dispatcher[1];
        this.server = new WireServer(addresses, tls.serverContext(), call -> dispatcher[0].accept(call));
        String urlHost = "0.0.0.0".equals(options.host()) ? "127.0.0.1" : options.host();
        this.baseUrl = "https://" + urlHost + ":" + server.port(0);
        this.operationsBaseUrl = operationsHost == null ? baseUrl : "https://" + operationsHost + ":" + server.port(1);

        Clock clock = Clock.systemUTC();
        FaultRegistry faults = new FaultRegistry();
        OneLakeStore store = new OneLakeStore(dataDirectory, baseUrl + "/onelake");
        this.service = new FabricService(new RuntimeSettings(options), faults, store, clock, options.seed());
        WorkspaceAccess access = new WorkspaceAccess(service, faults, clock);
        RequestLog requests = new RequestLog(clock);
        TokenService tokens = new TokenService(options.tenantId(), baseUrl, options.tokenLifetime(), clock);
        SecretStore secrets = new SecretStore(clock);
        dispatcher[0] = new Dispatcher(
                new AdminHandler(service, faults, access, requests),
                new EntraHandler(tokens, baseUrl, options, clock),
                new FabricApi(service, access, baseUrl + "/v1", operationsBaseUrl + "/v1"),
                new PowerBiApi(service, baseUrl + Dispatcher.POWER_BI_PREFIX),
                new OneLakeHandler(service, store),
                new KeyVaultHandler(secrets, tokens, baseUrl, baseUrl + "/" + options.tenantId()),
                faults, tokens, requests);
        this.admin = new EmulatorAdmin(service, faults, access, tokens, requests, secrets);
        LOG.infof("Fabric emulator listening on %s, operations on %s (data in %s)", baseUrl, operationsBaseUrl, dataDirectory);
    }

    /** Starts an emulator; it listens when this returns. */
    public static FabricEmulator start(EmulatorOptions options) {
        try {
            return new FabricEmulator(options);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Fabric emulator", e);
        }
    }

    /** {@code https://127.0.0.1:PORT} */
    public String baseUrl() {
        return baseUrl;
    }

    /** {@code https://127.0.0.1:PORT/v1}: the Fabric REST base URL. */
    public String fabricApiUrl() {
        return baseUrl + "/v1";
    }

    /** {@code https://127.0.0.1:PORT/v1.0/myorg}: the Power BI REST base URL (semantic model refreshes). */
    public String powerBiApiUrl() {
        return baseUrl + Dispatcher.POWER_BI_PREFIX;
    }

    /**
     * {@code https://127.0.0.2:PORT2/v1}: where 202 and poll {@code Location}s point, a second listener on another
     * host (as Fabric's regional cluster hosts are), which a client must be configured to trust; the same as
     * {@link #fabricApiUrl()} when the emulator has none.
     */
    public String operationsApiUrl() {
        return operationsBaseUrl + "/v1";
    }

    /** The host of {@link #operationsApiUrl()}, for a client's allow-list ({@code weft.fabric.allowed-hosts}). */
    public String operationsHost() {
        return java.net.URI.create(operationsBaseUrl).getHost();
    }

    /** {@code https://127.0.0.1:PORT/onelake}: the OneLake endpoint, with the account segment the Azure SDK needs. */
    public String oneLakeUrl() {
        return baseUrl + "/onelake";
    }

    /**
     * {@code https://127.0.0.1:PORT}: the Key Vault URL ({@code SecretClientBuilder.vaultUrl}). Its host is an IP, so
     * the client must skip the SDK's challenge-resource check ({@code disableChallengeResourceVerification()}).
     */
    public String keyVaultUrl() {
        return baseUrl;
    }

    /** The authority host for azure-identity ({@code ClientSecretCredentialBuilder.authorityHost}). */
    public String authorityHost() {
        return baseUrl;
    }

    public String tenantId() {
        return options.tenantId();
    }

    public String clientId() {
        return options.clientId();
    }

    public String clientSecret() {
        return options.clientSecret();
    }

    /** Application id of Weft's API registration: the audience its services check. */
    public String weftAppId() {
        return options.weftAppId();
    }

    /** The OIDC issuer ({@code https://127.0.0.1:PORT/{tenant}/v2.0}), also quarkus-oidc's {@code auth-server-url}. */
    public String issuer() {
        return baseUrl + "/" + options.tenantId() + "/v2.0";
    }

    /** The token endpoint of the tenant. */
    public String tokenUrl() {
        return baseUrl + "/" + options.tenantId() + "/oauth2/v2.0/token";
    }

    /** The authorization endpoint of the tenant, where a single-page app sends a user to sign in. */
    public String authorizeUrl() {
        return baseUrl + "/" + options.tenantId() + "/oauth2/v2.0/authorize";
    }

    public int port() {
        return server.port(0);
    }

    /** The data directory (OneLake bytes under {@code onelake/}). */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** PEM of the server certificate, for clients to trust. */
    public Path certificatePem() {
        return certificatePem;
    }

    /** An SSLContext that trusts this emulator's certificate only. */
    public SSLContext sslContext() {
        return tls.clientContext();
    }

    /** Faults, settings, state, reset, seeding. */
    public EmulatorAdmin admin() {
        return admin;
    }

    /** Stops the server; a temporary data directory (none was configured) is deleted with its files. */
    @Override
    public void close() {
        server.close();
        service.close();
        if (temporaryDataDirectory) {
            try (var paths = Files.walk(dataDirectory)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.debugf(e, "Could not delete %s", dataDirectory);
            }
        }
    }
}
