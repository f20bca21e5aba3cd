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
 * {@code sql-endpoint-provisioning-ms}, {@code graph-model-delay-ms}.
 * <pre>{@code
 * @QuarkusTestResource(value = FabricEmulatorResource.class, initArgs = @ResourceArg(name = "page-size", value = "2"))
 * }</pre>
 */
public class FabricEmulatorResource implements QuarkusTestResourceLifecycleManager {

    private final EmulatorOptions options = EmulatorOptions.defaults();
    private FabricEmulator emulator;

    @Override
    public void init(Map<String, String> initArgs) {
        apply(options, initArgs);
    }

    /** Applies the init args this resource and {@link FabricEmulatorExtension} understand. */
    static EmulatorOptions apply(EmulatorOptions options, Map<String, String> args) {
        args.forEach((name, value) -> {
            switch (name) {
                case "page-size" -> options.pageSize(Integer.parseInt(value));
                case "operation-duration-ms" -> options.operationDuration(Duration.ofMillis(Long.parseLong(value)));
                case "long-running-operations" -> options.longRunningOperations(Boolean.parseBoolean(value));
                case "retry-after-seconds" -> options.retryAfterSeconds(Integer.parseInt(value));
                case "sql-endpoint-provisioning-ms" -> options.sqlEndpointProvisioning(Duration.ofMillis(Long.parseLong(value)));
                case "graph-model-delay-ms" -> options.graphModelDelay(Duration.ofMillis(Long.parseLong(value)));
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

    /** The fabric-client configuration that points at {@code emulator}. */
    public static Map<String, String> properties(FabricEmulator emulator) {
        return Map.of(
                "weft.fabric.api-url", emulator.fabricApiUrl(),
                "weft.fabric.onelake-url", emulator.oneLakeUrl(),
                "weft.fabric.auth.method", "client-secret",
                "weft.fabric.auth.authority-host", emulator.authorityHost(),
                "weft.fabric.auth.tenant-id", emulator.tenantId(),
                "weft.fabric.auth.client-id", emulator.clientId(),
                "weft.fabric.auth.client-secret", emulator.clientSecret(),
                "weft.fabric.tls.trust-certificate", emulator.certificatePem().toString());
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
