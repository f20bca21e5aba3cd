package io.weft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.contracts.Topics;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.StepProgressed;
import io.weft.contracts.event.StepStarted;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.kafka.CommandPublisher;
import io.weft.testsupport.kafka.KafkaBroker;
import io.weft.testsupport.kafka.TopicsFile;
import io.weft.testsupport.postgres.TestDatabase;
import io.weft.testsupport.process.ServiceProcess;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Status freshness: how long an event a worker publishes takes to show, through the packaged tracker
 * ({@code target/quarkus-app/quarkus-run.jar} as a process, its own PostgreSQL database, one broker, the emulator's
 * Entra for its tokens), to a client of the API ({@code GET /api/v1/jobs/{id}}, polled every 2 ms) and to a client of
 * the job's Server-Sent Events stream ({@code /api/v1/jobs/{id}/stream}), while a background load of other jobs'
 * events runs at a set rate.
 *
 * <p>Each sample is one progress event of the probe job ({@code done = n}); its freshness is the time from just
 * before the publish to the first moment the client sees {@code done >= n} (the tracker may fold several samples
 * into one change). The clients run in this JVM, on the same machine: the figure includes their HTTP, not a network.
 */
final class FreshnessBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READER_ID = "bench-reader";
    private static final String STEP = "upload-files";
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration API_POLL_PAUSE = Duration.ofMillis(2);

    private final Path repo;
    private final Path work;
    private final PrintStream log;

    FreshnessBench(Path repo, Path work, PrintStream log) {
        this.repo = repo;
        this.work = work;
        this.log = log;
    }

    /**
     * @param samples          probe events, one every {@code sampleInterval}
     * @param backgroundRate   other jobs' events per second meanwhile
     */
    Bench.Result run(int samples, Duration sampleInterval, int backgroundRate) throws Exception {
        Path jar = repo.resolve("job-tracker/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(work);
        String readerSecret = UUID.randomUUID().toString();
        try (FabricEmulator entra = FabricEmulator.start(EmulatorOptions.defaults().fast().port(0)
                        .dataDirectory(Files.createTempDirectory(work, "emulator-"))
                        .apiClient(new EmulatorOptions.ApiClient(READER_ID, readerSecret, List.of("Weft.Read"))));
                KafkaBroker broker = KafkaBroker.start();
                TestDatabase database = TestDatabase.create()) {
            TopicsFile.create(broker.bootstrapServers(), repo.resolve("deploy/topics/topics.conf"));
            try (ServiceProcess tracker = startTracker(jar, entra, broker, database).awaitReady(READY);
                    CommandPublisher publisher = new CommandPublisher(broker.bootstrapServers(), "/weft/provisioner")) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                String token = token(entra, readerSecret);
                log.printf(Locale.ROOT, "freshness: %d samples every %d ms, %,d background events/s%n", samples,
                        sampleInterval.toMillis(), backgroundRate);
                return measure(tracker, http, token, publisher, broker.bootstrapServers(), samples, sampleInterval, backgroundRate);
            }
        }
    }

    private Bench.Result measure(ServiceProcess tracker, HttpClient http, String token, CommandPublisher publisher,
            String bootstrapServers, int samples, Duration sampleInterval, int backgroundRate) throws Exception {
        String probe = UUID.randomUUID().toString();
        long attempt = System.currentTimeMillis();
        AtomicLong sequence = new AtomicLong();
        publisher.publish(FoldBench.command(probe, Instant.now()));
        publisher.publish(new JobStarted(probe, attempt, sequence.incrementAndGet(), Instant.now(), "graph-scenario", "ws", List.of(STEP)));
        publisher.publish(new StepStarted(probe, attempt, sequence.incrementAndGet(), Instant.now(), STEP));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> get(http, tracker, token, probe).statusCode() == 200);

        Map<Long, Long> publishedAt = new ConcurrentHashMap<>();
        Map<Long, Long> seenByApi = new ConcurrentHashMap<>();
        Map<Long, Long> seenBySse = new ConcurrentHashMap<>();
        Map<Long, Long> seenByKafka = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> clientFailure = new AtomicReference<>();
        CountDownLatch streamOpen = new CountDownLatch(1);

        Thread sse = daemon("freshness-sse", () -> readStream(http, tracker, token, probe, streamOpen, done, seenBySse,
                clientFailure));
        if (!streamOpen.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the job's stream did not open within 30 s", clientFailure.get());
        }
        Thread api = daemon("freshness-api", () -> {
            try {
                while (!done.get()) {
                    long seen = doneOf(JSON.readTree(get(http, tracker, token, probe).body()));
                    record(seenByApi, seen, System.nanoTime());
                    // A client polling back to back would take a core from the tracker on this machine: 2 ms apart.
                    LockSupport.parkNanos(API_POLL_PAUSE.toNanos());
                }
            } catch (Exception e) {
                clientFailure.compareAndSet(null, e);
            }
        });
        Thread kafka = daemon("freshness-kafka", () -> readTopic(bootstrapServers, probe, done, seenByKafka, clientFailure));
        Background background = new Background(publisher, backgroundRate);
        try {
            background.start();
            for (long n = 1; n <= samples; n++) {
                long at = System.nanoTime();
                publishedAt.put(n, at);
                publisher.publish(new StepProgressed(probe, attempt, sequence.incrementAndGet(), Instant.now(), STEP, n, samples,
                        "files", null, "file-" + n));
                LockSupport.parkNanos(Math.max(0, at + sampleInterval.toNanos() - System.nanoTime()));
            }
            long last = samples;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                if (clientFailure.get() != null) {
                    throw new IllegalStateException("a client failed", clientFailure.get());
                }
                return seenByApi.containsKey(last) && seenBySse.containsKey(last) && seenByKafka.containsKey(last);
            });
        } finally {
            done.set(true);
            background.stop();
            sse.interrupt();
        }
        api.join(10_000);
        kafka.join(10_000);
        List<Long> toKafka = latencies(publishedAt, seenByKafka);
        List<Long> toApi = latencies(publishedAt, seenByApi);
        List<Long> toSse = latencies(publishedAt, seenBySse);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("samples", samples);
        details.put("sampleIntervalMs", sampleInterval.toMillis());
        details.put("backgroundEventsPerSecondAsked", backgroundRate);
        details.put("backgroundEventsPerSecondSent", background.achievedRate());
        details.put("kafkaConsumerMs", percentiles(toKafka));
        details.put("trackerFoldBatchMeanMs", foldBatchMeanMs(http, tracker));
        details.put("apiMs", percentiles(toApi));
        details.put("sseMs", percentiles(toSse));
        log.printf(Locale.ROOT, "freshness: produce -> plain Kafka consumer %s, -> API %s, -> SSE %s (ms), background %.0f events/s"
                + " sent; the tracker's fold batch takes %.1f ms on average%n", percentiles(toKafka), percentiles(toApi),
                percentiles(toSse), background.achievedRate(), details.get("trackerFoldBatchMeanMs"));
        double p99Sse = Bench.percentile(toSse, 0.99) / 1e6;
        return new Bench.Result("freshness (p99, produce -> SSE)", "ms", p99Sse, "goal", 50, p99Sse / 50, details);
    }

    /** Reads the job's event stream, recording when each {@code done} was first seen, until told to stop. */
    private static void readStream(HttpClient http, ServiceProcess tracker, String token, String jobId, CountDownLatch open,
            AtomicBoolean done, Map<Long, Long> seen, AtomicReference<Throwable> failure) {
        HttpRequest request = HttpRequest.newBuilder(tracker.uri("/api/v1/jobs/" + jobId + "/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        try {
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the job's stream answered " + response.statusCode());
            }
            open.countDown();
            try (Stream<String> lines = response.body()) {
                var iterator = lines.iterator();
                while (!done.get() && iterator.hasNext()) {
                    String line = iterator.next();
                    if (line.startsWith("data:")) {
                        long now = System.nanoTime();
                        // a job event's data is the job; the opening snapshot's ({"jobs": ...}) has no steps: 0
                        record(seen, doneOf(JSON.readTree(line.substring(5))), now);
                    }
                }
            }
        } catch (Exception e) {
            if (!done.get()) {
                failure.compareAndSet(null, e);
            }
        } finally {
            open.countDown();
        }
    }

    /**
     * The reference: a plain Kafka consumer of {@code weft.job-events} (latest offsets, polling back to back), which
     * sees each probe event as soon as the broker delivers it; what the tracker adds is the rest.
     */
    private static void readTopic(String bootstrapServers, String jobId, AtomicBoolean done, Map<Long, Long> seen,
            AtomicReference<Throwable> failure) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "freshness-reference-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.JOB_EVENTS));
            while (!done.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    if (jobId.equals(record.key())) {
                        JsonNode event = JSON.readTree(record.value());
                        if (event.has("done")) {
                            record(seen, event.get("done").asLong(), now);
                        }
                    }
                }
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    /** The tracker's own mean time per fold batch (its transaction included), from its Prometheus metrics. */
    private static double foldBatchMeanMs(HttpClient http, ServiceProcess tracker) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(tracker.uri("/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        double count = 0;
        for (String line : metrics.split("\n")) {
            // "name value" or "name value # {exemplar} ..." (OpenMetrics exemplars follow the value)
            String[] fields = line.split(" ");
            if (fields[0].equals("weft_tracker_fold_batch_seconds_sum")) {
                sum = Double.parseDouble(fields[1]);
            } else if (fields[0].equals("weft_tracker_fold_batch_seconds_count")) {
                count = Double.parseDouble(fields[1]);
            }
        }
        return count == 0 ? Double.NaN : round(sum / count * 1000);
    }

    /** Marks every sample up to {@code done} as seen at {@code now}, unless it was seen earlier. */
    private static void record(Map<Long, Long> seen, long done, long now) {
        for (long n = done; n >= 1 && !seen.containsKey(n); n--) {
            seen.putIfAbsent(n, now);
        }
    }

    /** The probe step's {@code done} in a job view (0 before its first progress). */
    private static long doneOf(JsonNode job) {
        for (JsonNode step : job.path("steps")) {
            if (STEP.equals(step.path("name").asText())) {
                return step.path("done").asLong(0);
            }
        }
        return 0;
    }

    private static List<Long> latencies(Map<Long, Long> publishedAt, Map<Long, Long> seen) {
        List<Long> nanos = new ArrayList<>();
        publishedAt.forEach((n, at) -> nanos.add(Math.max(0, seen.get(n) - at)));
        nanos.sort(null);
        return nanos;
    }

    private static Map<String, Double> percentiles(List<Long> sortedNanos) {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("p50", round(Bench.percentile(sortedNanos, 0.50) / 1e6));
        p.put("p90", round(Bench.percentile(sortedNanos, 0.90) / 1e6));
        p.put("p99", round(Bench.percentile(sortedNanos, 0.99) / 1e6));
        p.put("max", round(sortedNanos.get(sortedNanos.size() - 1) / 1e6));
        return p;
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }

    private static HttpResponse<String> get(HttpClient http, ServiceProcess tracker, String token, String jobId) throws Exception {
        return http.send(HttpRequest.newBuilder(tracker.uri("/api/v1/jobs/" + jobId)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A client-credentials token for the reader app, from the emulator's Entra, for Weft's API. */
    private static String token(FabricEmulator entra, String secret) throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(entra.sslContext()).build();
        String form = "grant_type=client_credentials&client_id=" + READER_ID
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8)
                + "&scope=" + URLEncoder.encode("api://" + entra.weftAppId() + "/.default", StandardCharsets.UTF_8);
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(URI.create(entra.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("no token from the emulator's Entra: " + response.statusCode());
        }
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    /** The tracker, configured by environment as deploy/local/run.sh configures it. */
    private ServiceProcess startTracker(Path jar, FabricEmulator entra, KafkaBroker broker, TestDatabase database) {
        return ServiceProcess.of(jar).jvmOption("-Xmx384m").log(work.resolve("job-tracker.log"))
                .env("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers())
                .env("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl())
                .env("QUARKUS_DATASOURCE_USERNAME", database.user())
                .env("QUARKUS_DATASOURCE_PASSWORD", database.password() == null ? "" : database.password())
                .env("QUARKUS_OIDC_AUTH_SERVER_URL", entra.issuer())
                .env("QUARKUS_OIDC_TOKEN_AUDIENCE", entra.weftAppId())
                .env("QUARKUS_OIDC_TLS_TLS_CONFIGURATION_NAME", "entra")
                .env("QUARKUS_TLS_ENTRA_TRUST_STORE_PEM_CERTS", entra.certificatePem().toString())
                .start();
    }

    /** Other jobs' progress at a steady rate, in 10 ms ticks, on jobs that exist (command and start published first). */
    private static final class Background {

        private static final int JOBS = 100;
        private final CommandPublisher publisher;
        private final int rate;
        private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        private final List<String> jobs = new ArrayList<>();
        private final AtomicLong sent = new AtomicLong();
        private final long attempt = System.currentTimeMillis();
        private long sequence = 1;
        private long startedAt;
        private long stoppedAt;

        Background(CommandPublisher publisher, int rate) {
            this.publisher = publisher;
            this.rate = rate;
        }

        void start() {
            for (int j = 0; j < JOBS; j++) {
                String jobId = UUID.randomUUID().toString();
                jobs.add(jobId);
                publisher.publish(FoldBench.command(jobId, Instant.now()));
                publisher.publish(new JobStarted(jobId, attempt, 1, Instant.now(), "graph-scenario", "ws", List.of(STEP)));
            }
            startedAt = System.nanoTime();
            int perTick = Math.max(1, rate / 100);
            ticks.scheduleAtFixedRate(() -> {
                sequence++;
                for (int i = 0; i < perTick; i++) {
                    String jobId = jobs.get((int) (sent.get() % JOBS));
                    publisher.publishAsync(new StepProgressed(jobId, attempt, sequence, Instant.now(), STEP, sequence, 1_000_000,
                            "files", null, null));
                    sent.incrementAndGet();
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
        }

        void stop() throws InterruptedException {
            ticks.shutdownNow();
            ticks.awaitTermination(10, TimeUnit.SECONDS);
            stoppedAt = System.nanoTime();
        }

        double achievedRate() {
            return sent.get() / ((stoppedAt - startedAt) / 1e9);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
