package io.weft.fabric.emulator;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.weft.fabric.emulator.admin.AdminHandler;
import io.weft.fabric.emulator.admin.FaultRegistry;
import io.weft.fabric.emulator.entra.EntraHandler;
import io.weft.fabric.emulator.entra.TokenService;
import io.weft.fabric.emulator.fabric.FabricApi;
import io.weft.fabric.emulator.fabric.FabricService;
import io.weft.fabric.emulator.fabric.RuntimeSettings;
import io.weft.fabric.emulator.http.Dispatcher;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

/**
 * A local Microsoft Fabric: Fabric REST ({@code /v1}), OneLake DFS/blob ({@code /onelake}) and an Entra token
 * endpoint, over HTTPS with its own certificate, with fault injection ({@code /_emulator}).
 * <pre>{@code
 * try (FabricEmulator emulator = FabricEmulator.start(EmulatorOptions.defaults().pageSize(2))) {
 *     emulator.fabricApiUrl(); // https://127.0.0.1:PORT/v1
 * }
 * }</pre>
 */
public final class FabricEmulator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FabricEmulator.class);

    private final EmulatorOptions options;
    private final HttpsServer server;
    private final ExecutorService executor;
    private final TlsMaterial tls;
    private final Path dataDirectory;
    /** A temporary data directory the emulator made itself, deleted on close. */
    private final boolean temporaryDataDirectory;
    private final Path certificatePem;
    private final String baseUrl;
    private final FabricService service;
    private final EmulatorAdmin admin;

    private FabricEmulator(EmulatorOptions options) throws IOException {
        this.options = options;
        this.temporaryDataDirectory = options.dataDirectory() == null;
        this.dataDirectory = temporaryDataDirectory ? Files.createTempDirectory("fabric-emulator-")
                : Files.createDirectories(options.dataDirectory());
        this.tls = options.certificatePem() != null ? TlsMaterial.fromPem(options.certificatePem(), options.privateKeyPem())
                : TlsMaterial.selfSigned(options.host());
        this.certificatePem = tls.writeCertificatePem(dataDirectory.resolve("emulator-certificate.pem"));

        this.server = HttpsServer.create(new InetSocketAddress(options.host(), options.port()), 256);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        String urlHost = "0.0.0.0".equals(options.host()) ? "127.0.0.1" : options.host();
        this.baseUrl = "https://" + urlHost + ":" + server.getAddress().getPort();

        Clock clock = Clock.systemUTC();
        FaultRegistry faults = new FaultRegistry();
        OneLakeStore store = new OneLakeStore(dataDirectory, baseUrl + "/onelake");
        this.service = new FabricService(new RuntimeSettings(options), faults, store, clock);
        TokenService tokens = new TokenService(options.tenantId(), baseUrl, options.tokenLifetime(), clock);
        Dispatcher dispatcher = new Dispatcher(
                new AdminHandler(service, faults),
                new EntraHandler(tokens, baseUrl, options.tenantId(), options.clientId(), options.clientSecret()),
                new FabricApi(service, baseUrl + "/v1"),
                new OneLakeHandler(service, store),
                faults, tokens);
        this.admin = new EmulatorAdmin(service, faults);
        server.createContext("/", dispatcher);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(64, r -> {
            Thread t = new Thread(r, "fabric-emulator-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        LOG.infof("Fabric emulator listening on %s (data in %s)", baseUrl, dataDirectory);
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

    /** {@code https://127.0.0.1:PORT/onelake}: the OneLake endpoint, with the account segment the Azure SDK needs. */
    public String oneLakeUrl() {
        return baseUrl + "/onelake";
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

    public int port() {
        return server.getAddress().getPort();
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
        server.stop(0);
        executor.shutdownNow();
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
