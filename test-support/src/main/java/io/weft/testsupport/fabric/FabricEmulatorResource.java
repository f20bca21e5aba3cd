package io.weft.testsupport.fabric;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.FabricEmulator;

import java.time.Duration;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a {@link FabricEmulator} on a free port with a temporary data directory, and points
 * the fabric-client configuration ({@code weft.fabric.*}) at it. Init args: {@code page-size},
 * {@code operation-duration-ms}, {@code long-running-operations} (true/false), {@code retry-after-seconds},
 * {@code sql-endpoint-provisioning-ms}, {@code graph-model-delay-ms}, {@code profile}, {@code time-scale},
 * {@code operations-host} ({@code none} or a host: operation Locations on a second listener there, added to
 * {@code weft.fabric.allowed-hosts}; the realistic profile has one on 127.0.0.2), {@code create-status}
 * ({@code Lakehouse=202,Notebook=201}: creates of a type answer that status).
 * <pre>{@code
 * @QuarkusTestResource(value = FabricEmulatorResource.class, initArgs = @ResourceArg(name = "page-size", value = "2"))
 * }</pre>
 */
public class FabricEmulatorResource implements QuarkusTestResourceLifecycleManager {

    /** The fast profile, explicitly: other modules' tests stay fast; init args may fix more. */
    private final EmulatorOptions options = EmulatorOptions.defaults().fast();
    private FabricEmulator emulator;

    @Override
    public void init(Map<String, String> initArgs) {
        apply(options, initArgs);
    }

    /** Applies the init args this resource and {@link FabricEmulatorExtension} understand. */
    static EmulatorOptions apply(EmulatorOptions options, Map<String, String> args) {
        args.forEach((name, value) -> {
            switch (name) {
                case "profile" -> options.profile(io.weft.fabric.emulator.fabric.TimingProfile.Kind.valueOf(value.toUpperCase(java.util.Locale.ROOT)));
                case "time-scale" -> options.timeScale(Double.parseDouble(value));
                case "page-size" -> options.pageSize(Integer.parseInt(value));
                case "operation-duration-ms" -> options.operationDuration(Duration.ofMillis(Long.parseLong(value)));
                case "long-running-operations" -> options.longRunningOperations(Boolean.parseBoolean(value));
                case "retry-after-seconds" -> options.retryAfterSeconds(Integer.parseInt(value));
                case "sql-endpoint-provisioning-ms" -> options.sqlEndpointProvisioning(Duration.ofMillis(Long.parseLong(value)));
                case "graph-model-delay-ms" -> options.graphModelDelay(Duration.ofMillis(Long.parseLong(value)));
                // "none" keeps operation Locations on the called host; a host name or IP puts them on a second listener
                case "operations-host" -> options.operationsHost("none".equalsIgnoreCase(value) ? "" : value);
                // e.g. Lakehouse=202,Notebook=201
                case "create-status" -> java.util.Arrays.stream(value.split(",")).map(String::trim).filter(e -> !e.isEmpty()).forEach(e -> {
                    String[] typeAndStatus = e.split("=", 2);
                    if (typeAndStatus.length != 2) {
                        throw new IllegalArgumentException("create-status entries are Type=201 or Type=202, was '" + e + "'");
                    }
                    options.createStatus(typeAndStatus[0].trim(), Integer.parseInt(typeAndStatus[1].trim()));
                });
                default -> throw new IllegalArgumentException("Unknown FabricEmulatorResource init arg '" + name + "'");
            }
        });
        return options;
    }

    @Override
    public Map<String, String> start() {
        emulator = FabricEmulator.start(options.port(0));
        return properties(emulator);
    }

    /** The fabric-client configuration that points at {@code emulator} (Fabric, OneLake and Power BI). */
    public static Map<String, String> properties(FabricEmulator emulator) {
        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                "weft.fabric.api-url", emulator.fabricApiUrl(),
                "weft.fabric.onelake-url", emulator.oneLakeUrl(),
                "weft.fabric.power-bi.api-url", emulator.powerBiApiUrl(),
                "weft.fabric.auth.method", "client-secret",
                "weft.fabric.auth.authority-host", emulator.authorityHost(),
                "weft.fabric.auth.tenant-id", emulator.tenantId(),
                "weft.fabric.auth.client-id", emulator.clientId(),
                "weft.fabric.auth.client-secret", emulator.clientSecret(),
                "weft.fabric.tls.trust-certificate", emulator.certificatePem().toString()));
        if (!emulator.operationsApiUrl().equals(emulator.fabricApiUrl())) {
            // the operations listener is another host, as Fabric's regional clusters are: trusted like them
            properties.put("weft.fabric.allowed-hosts", "*.fabric.microsoft.com,*.analysis.windows.net,*.pbidedicated.windows.net,api.powerbi.com,"
                    + emulator.operationsHost());
        }
        return Map.copyOf(properties);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(emulator, new TestInjector.AnnotatedAndMatchesType(InjectFabricEmulator.class, FabricEmulator.class));
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
