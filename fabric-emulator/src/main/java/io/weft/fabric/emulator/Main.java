package io.weft.fabric.emulator;

import java.util.concurrent.CountDownLatch;

/** Runs the emulator on its own: {@code java -jar fabric-emulator-*-runner.jar}. Settings: see the README. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmulatorOptions options = EmulatorOptions.fromEnvironment();
        if (System.getProperty("fabric.emulator.port") == null && System.getenv("FABRIC_EMULATOR_PORT") == null) {
            options.port(8443);
        }
        if (options.dataDirectory() == null) {
            options.dataDirectory(java.nio.file.Path.of("fabric-emulator-data"));
        }
        FabricEmulator emulator = FabricEmulator.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        System.out.println("Fabric emulator on " + emulator.baseUrl());
        System.out.println("  Fabric REST:    " + emulator.fabricApiUrl());
        System.out.println("  OneLake:        " + emulator.oneLakeUrl());
        System.out.println("  Authority host: " + emulator.authorityHost() + " (tenant " + emulator.tenantId() + ")");
        System.out.println("  Client id:      " + emulator.clientId());
        System.out.println("  Client secret:  set by fabric.emulator.client-secret / FABRIC_EMULATOR_CLIENT_SECRET"
                + (System.getProperty("fabric.emulator.client-secret") == null && System.getenv("FABRIC_EMULATOR_CLIENT_SECRET") == null
                        ? " (unset: a random one was generated, see " + emulator.dataDirectory().resolve("client-secret.txt") + ")" : ""));
        System.out.println("  Certificate:    " + emulator.certificatePem());
        if (System.getProperty("fabric.emulator.client-secret") == null && System.getenv("FABRIC_EMULATOR_CLIENT_SECRET") == null) {
            try {
                java.nio.file.Files.writeString(emulator.dataDirectory().resolve("client-secret.txt"), emulator.clientSecret());
            } catch (java.io.IOException e) {
                System.err.println("Could not write client-secret.txt: " + e.getMessage());
            }
        }
        stopped.await();
    }
}
