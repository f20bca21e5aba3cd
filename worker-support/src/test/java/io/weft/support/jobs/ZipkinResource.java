package io.weft.support.jobs;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

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
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * A real Zipkin server (the jar Maven copied into target/zipkin) as its own process on a free loopback port, in
 * memory; the services' exporter is pointed at it ({@code weft.tracing.zipkin-endpoint}).
 */
public class ZipkinResource implements QuarkusTestResourceLifecycleManager {

    /** The Zipkin server's base URL, e.g. {@code http://127.0.0.1:40123}, for the test's API queries. */
    public static final String URL_PROPERTY = "weft.test.zipkin-url";

    private Process process;

    @Override
    public Map<String, String> start() {
        try {
            Path jar = Path.of(System.getProperty("weft.zipkin.jar", "target/zipkin/zipkin-server.jar"));
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path log = Files.createDirectories(Path.of("target")).resolve("zipkin.log");
            process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toAbsolutePath().toString(), "--armeria.ports[0].port=" + port,
                    "--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].protocols[0]=http"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            String url = "http://127.0.0.1:" + port;
            HttpClient client = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsMatching(e -> e instanceof IOException).until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Zipkin exited with " + process.exitValue() + "; see " + log);
                        }
                        return client.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
            return Map.of("weft.tracing.zipkin-endpoint", url + "/api/v2/spans", URL_PROPERTY, url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
        }
    }
}
