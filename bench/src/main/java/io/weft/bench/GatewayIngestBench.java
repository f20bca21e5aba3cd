package io.weft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.entra.EntraTokens;
import io.weft.testsupport.kafka.KafkaBroker;
import io.weft.testsupport.kafka.TopicsFile;
import io.weft.testsupport.process.ServiceProcess;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.io.file.PathUtils;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gateway ingest: a tar.gz scenario archive of one large CSV posted to the packaged upload gateway
 * ({@code target/quarkus-app/quarkus-run.jar} as a process, configured as the local stack configures it: one
 * in-JVM broker, the emulator's Entra for a {@code Weft.Submit} token, a local staging directory), timed from the
 * start of the POST to its {@code 202}. In the same run, on the same file:
 * <ul>
 * <li>the reference of the table: one pass over the file in this JVM that does the least the gateway must do,
 * SHA-256 of the archive's bytes (the claim check's hash) while inflating all of them (the inspection has to see
 * every inflated byte to enforce the limits); nothing written, no HTTP;</li>
 * <li>a raw loopback POST of the same multipart body to a server that discards it (the JDK's {@code HttpServer}),
 * what moving the bytes over HTTP alone costs, in the details.</li>
 * </ul>
 * Each is run {@code rounds} times after one warm-up (the gateway's first upload also loads and compiles its
 * code); the figures are the medians, in MB/s of the compressed archive (10^6 bytes).
 */
final class GatewayIngestBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBMITTER_ID = "bench-submitter";
    private static final Duration READY = Duration.ofMinutes(3);
    /** As deploy/local/run.sh runs every service. */
    private static final String GATEWAY_HEAP = "-Xmx384m";
    private static final Pattern PAUSE = Pattern.compile("Pause .* (\\d+)M->\\d+M\\(\\d+M\\)");

    private final Path repo;
    private final Path work;
    private final PrintStream log;

    GatewayIngestBench(Path repo, Path work, PrintStream log) {
        this.repo = repo;
        this.work = work;
        this.log = log;
    }

    /** The archive this run measures: its size, its inflated size and its SHA-256. */
    record Archive(Path file, long bytes, long csvBytes, String sha256) {
    }

    /**
     * @param csvMegabytes the CSV's size uncompressed, in MiB
     * @param rounds       timed rounds of each, after the warm-up
     */
    Bench.Result run(int csvMegabytes, int rounds) throws Exception {
        Path jar = repo.resolve("upload-gateway/target/quarkus-app/quarkus-run.jar");
        if (Files.exists(work)) {
            PathUtils.deleteDirectory(work); // an earlier run's archives and staged copies
        }
        Files.createDirectories(work);
        Archive archive = archive(work.resolveSibling("gateway-ingest-archives"), (long) csvMegabytes << 20);

        List<Double> inflateHash = new ArrayList<>();
        List<Double> loopback = new ArrayList<>();
        List<Double> gateway = new ArrayList<>();
        List<Double> receiveOnly = new ArrayList<>();
        Path staging = Files.createDirectories(work.resolve("staging"));
        Path gcLog = work.resolve("gateway-gc.log");
        String secret = UUID.randomUUID().toString();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        try (FabricEmulator entra = FabricEmulator.start(EmulatorOptions.defaults().fast().port(0)
                        .dataDirectory(Files.createTempDirectory(work, "emulator-"))
                        .apiClient(new EmulatorOptions.ApiClient(SUBMITTER_ID, secret, List.of("Weft.Submit"))));
                KafkaBroker broker = KafkaBroker.start();
                Discarding discarding = Discarding.start()) {
            TopicsFile.create(broker.bootstrapServers(), repo.resolve("deploy/topics/topics.conf"));
            String token = EntraTokens.fetch(entra.tokenUrl(), entra.certificatePem(), SUBMITTER_ID, secret,
                    "api://" + entra.weftAppId() + "/.default");
            try (ServiceProcess process = startGateway(jar, entra, broker, staging, gcLog).awaitReady(READY)) {
                for (int round = 0; round <= rounds; round++) {
                    boolean warmUp = round == 0;
                    record(warmUp, inflateHash, inflateAndHash(archive));
                    record(warmUp, loopback, post(http, discarding.uri(), archive, null));
                    record(warmUp, gateway, upload(http, process, token, archive, staging));
                    record(warmUp, receiveOnly, receiveOnly(http, process, token, archive));
                    log.printf(Locale.ROOT, "gateway-ingest: %s: inflate+hash %.0f MB/s, loopback POST %.0f MB/s, gateway %.0f MB/s"
                                    + " (receiving alone %.0f MB/s)%n", warmUp ? "warm-up" : "round " + round, last(inflateHash, warmUp),
                            last(loopback, warmUp), last(gateway, warmUp), last(receiveOnly, warmUp));
                }
            }
        }
        double weft = median(gateway);
        double reference = median(inflateHash);
        double raw = median(loopback);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("archiveBytes", archive.bytes());
        details.put("csvBytes", archive.csvBytes());
        details.put("timedRounds", rounds);
        details.put("gatewayMBps", gateway);
        details.put("gatewaySeconds", round(archive.bytes() / 1e6 / weft));
        details.put("inflateHashMBps", inflateHash);
        details.put("inflateHashSeconds", round(archive.bytes() / 1e6 / reference));
        details.put("loopbackPostMBps", loopback);
        details.put("gatewayVsLoopback", round(weft / raw));
        details.put("gatewayReceiveOnlyMBps", receiveOnly);
        details.put("gatewayReceiveOnlySeconds", round(archive.bytes() / 1e6 / median(receiveOnly)));
        details.put("gatewayHeap", GATEWAY_HEAP);
        details.put("gatewayHeapPeakMiB", peakHeapMib(gcLog));
        log.printf(Locale.ROOT, "gateway-ingest: gateway %.0f MB/s (%.2f s), inflate+hash %.0f MB/s (%.2f s), loopback POST %.0f MB/s:"
                        + " %.0f %% of inflate+hash, %.0f %% of loopback; the gateway's heap peaked at %d MiB%n", weft,
                details.get("gatewaySeconds"), reference, details.get("inflateHashSeconds"), raw, 100 * weft / reference,
                100 * weft / raw, details.get("gatewayHeapPeakMiB"));
        return new Bench.Result("gateway-ingest", "MB/s", weft, "one-pass inflate + SHA-256", reference, weft / reference, details);
    }

    private static void record(boolean warmUp, List<Double> figures, double figure) {
        if (!warmUp) {
            figures.add(round(figure));
        }
    }

    private static double last(List<Double> figures, boolean warmUp) {
        return warmUp || figures.isEmpty() ? Double.NaN : figures.get(figures.size() - 1);
    }

    /**
     * The reference: the archive read once, its bytes hashed (SHA-256) as they are inflated to the end, as
     * commons-compress inflates them in the gateway. Fails unless it hashed what was written.
     */
    static double inflateAndHash(Archive archive) throws IOException {
        long start = System.nanoTime();
        MessageDigest digest = sha256();
        long inflated = 0;
        try (DigestInputStream hashed = new DigestInputStream(Files.newInputStream(archive.file()), digest);
                InputStream data = new GzipCompressorInputStream(hashed, true)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = data.read(buffer)) != -1; ) {
                inflated += n;
            }
            // what the inflater left unread (gzip's trailer is read; nothing follows it here)
            while (hashed.read(buffer) != -1) {
                // hashed on the way
            }
        }
        double took = (System.nanoTime() - start) / 1e9;
        if (!HexFormat.of().formatHex(digest.digest()).equals(archive.sha256()) || inflated < archive.csvBytes()) {
            throw new IllegalStateException("the reference did not read the archive whole");
        }
        return archive.bytes() / 1e6 / took;
    }

    /** Posts the archive to the gateway and returns MB/s from the POST's start to its 202, checking what was staged. */
    private double upload(HttpClient http, ServiceProcess gateway, String token, Archive archive, Path staging) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request(gateway.uri("/api/v1/uploads"), archive, token),
                HttpResponse.BodyHandlers.ofString());
        double took = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 202) {
            throw new IllegalStateException("the gateway answered " + response.statusCode() + ": " + response.body()
                    + " (its log: " + gateway.log() + ")");
        }
        JsonNode manifest = JSON.readTree(response.body()).path("manifest");
        if (manifest.path("totalBytes").asLong() != archive.csvBytes()) {
            throw new IllegalStateException("the gateway's manifest does not describe the archive: " + response.body());
        }
        // One staged copy per accepted upload, of the archive's size; removed so that rounds do not fill the disk.
        try (var staged = Files.list(staging)) {
            for (Path file : staged.toList()) {
                if (Files.size(file) != archive.bytes()) {
                    throw new IllegalStateException("the staged copy " + file + " is not the archive's size");
                }
                Files.delete(file);
            }
        }
        return archive.bytes() / 1e6 / took;
    }

    /**
     * What receiving the body alone costs the gateway: the same bytes as a part it does not know ({@code attachment}),
     * which its form reader parses out of the multipart body as it does the archive and reads past, then the upload
     * is refused (422, no archive). MB/s from the POST's start to that answer.
     */
    private double receiveOnly(HttpClient http, ServiceProcess gateway, String token, Archive archive) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request(gateway.uri("/api/v1/uploads"), archive, token, "attachment"),
                HttpResponse.BodyHandlers.ofString());
        double took = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 422 || !response.body().contains("archive")) {
            throw new IllegalStateException("the gateway answered " + response.statusCode() + " to an upload without archive: "
                    + response.body());
        }
        return archive.bytes() / 1e6 / took;
    }

    /** Posts the archive's multipart body to {@code uri} and returns MB/s from the POST's start to its answer. */
    private static double post(HttpClient http, URI uri, Archive archive, String token) throws Exception {
        long start = System.nanoTime();
        HttpResponse<Void> response = http.send(request(uri, archive, token), HttpResponse.BodyHandlers.discarding());
        double took = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 202) {
            throw new IllegalStateException("the discarding server answered " + response.statusCode());
        }
        return archive.bytes() / 1e6 / took;
    }

    /**
     * The upload as a web client sends it: {@code multipart/form-data} with the fields, then the archive streamed
     * from disk (what {@code curl -F archive=@file} sends).
     */
    private static HttpRequest request(URI uri, Archive archive, String token) throws IOException {
        return request(uri, archive, token, "archive");
    }

    private static HttpRequest request(URI uri, Archive archive, String token, String part) throws IOException {
        String boundary = "weft-bench-" + UUID.randomUUID();
        StringBuilder head = new StringBuilder();
        Map.of("scenarioName", "ingest", "workspace", "bench-ws").forEach((name, value) -> head.append("--").append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n").append(value).append("\r\n"));
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(part).append("\"; filename=\"")
                .append(archive.file().getFileName()).append("\"\r\nContent-Type: application/gzip\r\n\r\n");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head.toString()),
                        HttpRequest.BodyPublishers.ofFile(archive.file()),
                        HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    /**
     * The archive of a CSV of about {@code csvBytes}, written once and kept for later runs: gzip at its default level
     * (what {@code tar czf} does) takes most of a minute for 300 MiB on 2 cores, and runs before and after a change
     * then measure the same bytes. Its description (size, CSV size, SHA-256) is kept beside it.
     */
    private Archive archive(Path directory, long csvBytes) throws IOException {
        Path file = directory.resolve("scenario-" + csvBytes + ".tar.gz");
        Path description = directory.resolve("scenario-" + csvBytes + ".txt");
        if (Files.isRegularFile(description) && Files.isRegularFile(file)) {
            String[] fields = Files.readString(description).strip().split(" ");
            if (fields.length == 3 && Long.parseLong(fields[0]) == Files.size(file)) {
                log.printf(Locale.ROOT, "gateway-ingest: the %,d-byte tar.gz of one %,d-byte CSV from an earlier run%n",
                        Files.size(file), Long.parseLong(fields[1]));
                return new Archive(file, Files.size(file), Long.parseLong(fields[1]), fields[2]);
            }
        }
        Files.createDirectories(directory);
        long start = System.nanoTime();
        Archive archive = writeArchive(file, csvBytes);
        Files.writeString(description, archive.bytes() + " " + archive.csvBytes() + " " + archive.sha256() + "\n");
        log.printf(Locale.ROOT, "gateway-ingest: a %,d-byte tar.gz of one %,d-byte CSV, written in %.1f s%n", archive.bytes(),
                archive.csvBytes(), (System.nanoTime() - start) / 1e9);
        return archive;
    }

    /**
     * A tar.gz scenario archive with one CSV ({@code entities/readings.csv}) of about {@code csvBytes}: rows drawn at
     * random from a pool of distinct random rows larger than deflate's 32 KiB window, so it compresses about as
     * real readings do (to roughly a third), not as repeated text.
     */
    static Archive writeArchive(Path file, long csvBytes) throws IOException {
        SplittableRandom random = new SplittableRandom(20);
        byte[][] pool = new byte[1 << 16][];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = String.format(Locale.ROOT, "%08d,%d,%.6f,2026-%02d-%02dT%02d:%02d:%02dZ%n", random.nextInt(100_000_000),
                    random.nextInt(1000), random.nextDouble() * 1000, 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60)).getBytes(StandardCharsets.US_ASCII);
        }
        byte[] header = "sensor_id,channel,reading,at\n".getBytes(StandardCharsets.US_ASCII);
        // Tar needs the entry's exact size before its content: the same seeded draw of rows is made twice, to size
        // the entry and then to write it, rather than held in memory.
        long size = header.length;
        long rows = 0;
        for (SplittableRandom draw = new SplittableRandom(21); size < csvBytes; rows++) {
            size += pool[draw.nextInt(pool.length)].length;
        }
        MessageDigest digest = sha256();
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), digest);
                GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new BufferedOutputStream(gzip, 1 << 16))) {
            TarArchiveEntry entry = new TarArchiveEntry("entities/readings.csv");
            entry.setSize(size);
            tar.putArchiveEntry(entry);
            tar.write(header);
            SplittableRandom draw = new SplittableRandom(21);
            for (long i = 0; i < rows; i++) {
                tar.write(pool[draw.nextInt(pool.length)]);
            }
            tar.closeArchiveEntry();
        }
        return new Archive(file, Files.size(file), size, HexFormat.of().formatHex(digest.digest()));
    }

    /** The gateway, configured by environment as deploy/local/run.sh configures it (no SASL: a plain in-JVM broker). */
    private ServiceProcess startGateway(Path jar, FabricEmulator entra, KafkaBroker broker, Path staging, Path gcLog) {
        return ServiceProcess.of(jar).jvmOption(GATEWAY_HEAP).jvmOption("-Xlog:gc:file=" + gcLog)
                .log(work.resolve("upload-gateway.log"))
                .env("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers())
                .env("QUARKUS_OIDC_AUTH_SERVER_URL", entra.issuer())
                .env("QUARKUS_OIDC_TOKEN_AUDIENCE", entra.weftAppId())
                .env("QUARKUS_OIDC_TLS_TLS_CONFIGURATION_NAME", "entra")
                .env("QUARKUS_TLS_ENTRA_TRUST_STORE_PEM_CERTS", entra.certificatePem().toString())
                .env("WEFT_STAGING_LOCAL_DIRECTORY", staging.toString())
                .env("QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY", work.resolve("uploads").toString())
                .env("WEFT_GATEWAY_IDEMPOTENCY_DIRECTORY", work.resolve("idempotency").toString())
                .start();
    }

    /** The largest heap occupancy before a collection in the gateway's GC log, in MiB (0 when it never collected). */
    private static long peakHeapMib(Path gcLog) throws IOException {
        return Files.readAllLines(gcLog).stream().map(PAUSE::matcher).filter(Matcher::find)
                .mapToLong(matcher -> Long.parseLong(matcher.group(1))).max().orElse(0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double median(List<Double> figures) {
        List<Double> sorted = new ArrayList<>(figures);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** The loopback reference's server: reads every request body to the end and answers 202, on 127.0.0.1. */
    private static final class Discarding implements AutoCloseable {

        private final HttpServer server;

        private Discarding(HttpServer server) {
            this.server = server;
        }

        static Discarding start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    byte[] buffer = new byte[64 * 1024];
                    while (body.read(buffer) != -1) {
                        // discarded
                    }
                }
                exchange.sendResponseHeaders(202, -1);
                exchange.close();
            });
            server.start();
            return new Discarding(server);
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/discard");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
