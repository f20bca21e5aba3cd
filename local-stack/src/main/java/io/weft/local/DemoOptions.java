package io.weft.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo's settings, from {@code --name value} arguments with the environment as fallback for the
 * emulator credentials (which deploy/local/run.sh exports for the services too).
 */
record DemoOptions(String gateway, String tracker, String emulator, Path emulatorCertificate, String tenantId,
        String clientId, String clientSecret, Path scenario, Path model, String workspace, Duration timeout,
        Path workspaceExample, String weftAppId, String demoClientId, String demoClientSecret, Path environments) {

    static DemoOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        return new DemoOptions(
                required(values, "gateway"), required(values, "tracker"), required(values, "emulator"),
                Path.of(required(values, "emulator-certificate")),
                values.getOrDefault("tenant-id", env("WEFT_FABRIC_AUTH_TENANT_ID")),
                values.getOrDefault("client-id", env("WEFT_FABRIC_AUTH_CLIENT_ID")),
                env("WEFT_FABRIC_AUTH_CLIENT_SECRET"),
                Path.of(required(values, "scenario")).toAbsolutePath().normalize(),
                Path.of(required(values, "model")).toAbsolutePath().normalize(),
                values.getOrDefault("workspace", "Weft Demo"),
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("timeout-seconds", "300"))),
                // A folder with principals.csv and request.json: a workspace to provision; optional.
                values.containsKey("workspace-example") ? Path.of(values.get("workspace-example")).toAbsolutePath().normalize() : null,
                // The demo calls Weft's API as its own app registration, with a token for Weft's app id.
                values.getOrDefault("weft-app-id", env("QUARKUS_OIDC_TOKEN_AUDIENCE")),
                values.getOrDefault("demo-client-id", env("LOCAL_STACK_DEMO_CLIENT_ID")),
                env("LOCAL_STACK_DEMO_CLIENT_SECRET"),
                // The model-deployer's environments file: the model is deployed to the first environment and promoted to the
                // others in order, through a deployment pipeline of one stage per environment; optional.
                values.containsKey("environments") ? Path.of(values.get("environments")).toAbsolutePath().normalize() : null);
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        return value;
    }

    @Override
    public String toString() {
        // Never print the client secrets.
        return "DemoOptions[gateway=" + gateway + ", tracker=" + tracker + ", emulator=" + emulator + ", workspace=" + workspace + "]";
    }
}
