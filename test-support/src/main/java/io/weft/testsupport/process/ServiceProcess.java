package io.weft.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) run as an operating-system process of
 * its own, for tests that must measure or stop the service itself: its heap, a kill in the middle of a job.
 * Configured by environment variables, as the local stack and containers configure it; its output goes to a file.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int httpPort;

    private ServiceProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** A service run from the fast-jar the module's {@code package} phase built. */
    public static Builder of(Path quarkusRunJar) {
        if (!Files.isRegularFile(quarkusRunJar)) {
            throw new IllegalStateException(quarkusRunJar + " does not exist: package the module first (mvn package)");
        }
        return new Builder(quarkusRunJar);
    }

    /** The port its HTTP server listens on (127.0.0.1). */
    public int httpPort() {
        return httpPort;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** The file holding its standard output and error. */
    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Its exit code, once it ended. */
    public OptionalInt exitValue() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Waits until {@code /q/health/ready} answers 200, failing at once (with the log's path) if the process ends. */
    public ServiceProcess awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(uri("/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).ignoreExceptionsMatching(e -> e instanceof IOException)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the service exited with " + process.exitValue() + "; its log: " + log);
                    }
                    return client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
        return this;
    }

    /** Stops it as an orchestrator would (SIGTERM) and waits for it to end. */
    public int stop(Duration timeout) {
        process.destroy();
        return waitFor(timeout);
    }

    /** Kills it without a chance to clean up (SIGKILL), as a crash or an OOM killer would. */
    public int kill() {
        process.destroyForcibly();
        return waitFor(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the service did not end within " + timeout + "; its log: " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How to start one. */
    public static final class Builder {

        private final Path jar;
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path log;

        private Builder(Path jar) {
            this.jar = jar;
        }

        /** A JVM option, e.g. {@code -Xmx128m}. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** An environment variable, e.g. {@code KAFKA_BOOTSTRAP_SERVERS}. */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Where its output goes; created with its parent directories. */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        /** Starts it on a free HTTP port ({@code QUARKUS_HTTP_PORT}). */
        public ServiceProcess start() {
            try {
                int port = freePort();
                Path output = log != null ? log : Files.createTempFile("service-", ".log");
                Files.createDirectories(output.toAbsolutePath().getParent());
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(jvmOptions);
                command.add("-jar");
                command.add(jar.toAbsolutePath().toString());
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
                // The test JVM's own tool options (surefire's, an IDE's agent) are not the service's.
                builder.environment().remove("JAVA_TOOL_OPTIONS");
                builder.environment().putAll(environment);
                builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
                return new ServiceProcess(builder.start(), output, port);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + jar, e);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
