package io.weft.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.Topics;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.gateway.support.CommandRecords;
import io.weft.gateway.support.MultipartUpload;
import io.weft.testsupport.kafka.KafkaBroker;
import io.weft.testsupport.kafka.KafkaBrokerExtension;
import io.weft.testsupport.process.ServiceProcess;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.io.file.PathUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 512 MiB archive through the packaged gateway running in a JVM of its own with a 128 MiB heap: streamed,
 * inspected, staged, published and accepted. The gateway runs as a separate process so that its heap holds only
 * the gateway (the broker and this test live in the test JVM). The client is the JDK's {@code HttpClient} with its
 * defaults, which offers an h2c upgrade: that path once buffered the whole body (see {@code CleartextHttp2Disabled}).
 * The peak heap the gateway used is read from its GC log and reported.
 */
@ExtendWith(KafkaBrokerExtension.class)
class LargeArchiveIT {

    private static final long CSV_BYTES = 512L * 1024 * 1024;
    private static final long GATEWAY_HEAP_MIB = 128;
    private static final Path WORK = Path.of("target", "large-archive-it").toAbsolutePath();
    private static final Path GATEWAY_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Pattern MAX_CAPACITY = Pattern.compile("Heap Max Capacity: (\\d+)M");
    private static final Pattern PAUSE = Pattern.compile("Pause .* (\\d+)M->\\d+M\\(\\d+M\\)");

    private ServiceProcess gateway;
    private io.weft.fabric.emulator.FabricEmulator entra;

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
        if (entra != null) {
            entra.close();
        }
    }

    /**
     * Outside dev and test there is no way to run the gateway without token checks: without an issuer quarkus-oidc
     * stops the start, and switching the OIDC tenant off is refused by the gateway's own check (IssuerRequired).
     */
    @Test
    void withoutAnIssuerOrWithTheTenantOffTheGatewayRefusesToStart(KafkaBroker broker) throws Exception {
        Files.createDirectories(WORK);
        Map<String, String> noIssuer = Map.of();
        Map<String, String> tenantOff = Map.of("QUARKUS_OIDC_AUTH_SERVER_URL", "https://login.microsoftonline.com/t/v2.0",
                "QUARKUS_OIDC_TENANT_ENABLED", "false");
        for (var attempt : Map.of("no-issuer", noIssuer, "tenant-off", tenantOff).entrySet()) {
            ServiceProcess.Builder builder = ServiceProcess.of(GATEWAY_JAR)
                    .env("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers())
                    .env("WEFT_STAGING_LOCAL_DIRECTORY", WORK.resolve("staging-" + attempt.getKey()).toString())
                    .log(WORK.resolve("gateway-" + attempt.getKey() + ".log"));
            attempt.getValue().forEach(builder::env);
            gateway = builder.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> !gateway.isAlive());
            assertThat(gateway.exitValue()).as(attempt.getKey() + " exit code").isPresent();
            assertThat(gateway.exitValue().getAsInt()).as(attempt.getKey() + " exit code").isNotZero();
            assertThat(Files.readString(gateway.log())).as(attempt.getKey()).containsAnyOf(
                    "'quarkus.oidc.auth-server-url' property must be configured",
                    "quarkus.oidc.tenant-enabled=false would leave the HTTP API without authentication");
        }
    }

    @Test
    void archiveFourTimesTheGatewaysHeapIsAccepted(KafkaBroker broker) throws Exception {
        if (Files.exists(WORK)) {
            PathUtils.deleteDirectory(WORK); // a run's leftovers would be counted as staged files
        }
        Files.createDirectories(WORK);
        Path archive = WORK.resolve("big.tar");
        Path staging = Files.createDirectories(WORK.resolve("staging"));
        Path gcLog = WORK.resolve("gateway-gc.log");
        String sha256 = writeTar(archive);
        long archiveBytes = Files.size(archive);

        // The gateway checks tokens: a tenant with a client allowed to submit, and the gateway pointed at it.
        String secret = java.util.UUID.randomUUID().toString();
        entra = io.weft.fabric.emulator.FabricEmulator.start(io.weft.fabric.emulator.EmulatorOptions.defaults().fast()
                .apiClient(new io.weft.fabric.emulator.EmulatorOptions.ApiClient("large-archive-it", secret, java.util.List.of("Weft.Submit"))));
        String token = io.weft.testsupport.entra.EntraTokens.fetch(entra.tokenUrl(), entra.certificatePem(), "large-archive-it", secret,
                "api://" + entra.weftAppId() + "/.default");
        gateway = ServiceProcess.of(GATEWAY_JAR)
                .jvmOption("-Xmx" + GATEWAY_HEAP_MIB + "m")
                .env("QUARKUS_OIDC_AUTH_SERVER_URL", entra.issuer())
                .env("QUARKUS_OIDC_TOKEN_AUDIENCE", entra.weftAppId())
                .env("QUARKUS_OIDC_TLS_TLS_CONFIGURATION_NAME", "entra")
                .env("QUARKUS_TLS_ENTRA_TRUST_STORE_PEM_CERTS", entra.certificatePem().toString())
                .jvmOption("-Xlog:gc,gc+init:file=" + gcLog)
                .env("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers())
                .env("WEFT_STAGING_LOCAL_DIRECTORY", staging.toString())
                .env("QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY", WORK.resolve("uploads").toString())
                .env("WEFT_GATEWAY_IDEMPOTENCY_DIRECTORY", WORK.resolve("idempotency").toString())
                .env("WEFT_GATEWAY_ARCHIVE_MAX_ENTRY_SIZE", "1G")
                .env("WEFT_GATEWAY_ARCHIVE_MAX_TOTAL_SIZE", "1G")
                .log(WORK.resolve("gateway.log"))
                .start()
                .awaitReady(Duration.ofMinutes(2));
        assertThat(maxHeapMib(gcLog)).as("the gateway's heap limit").isEqualTo(GATEWAY_HEAP_MIB);
        assertThat(archiveBytes).as("the archive is larger than the gateway's whole heap")
                .isGreaterThan(4 * GATEWAY_HEAP_MIB * 1024 * 1024);

        long start = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(MultipartUpload.post(gateway.uri("/api/v1/uploads"), Map.of("scenarioName", "big", "workspace", "large-ws"),
                        "archive", archive, "Bearer " + token), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.version()).as("the h2c upgrade offered by the client is declined").isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(gateway.isAlive()).isTrue();
        JsonNode accepted = ContractCodec.get().mapper().readTree(response.body());
        List<ConsumerRecord<String, byte[]>> records = CommandRecords.forJob(broker.bootstrapServers(),
                Topics.PROVISION_COMMANDS, accepted.get("jobId").asText());
        assertThat(records).hasSize(1);
        ProvisionGraphScenario command = ContractCodec.get().decode(CommandRecords.header(records.get(0), "ce_type"),
                records.get(0).value(), ProvisionGraphScenario.class);
        assertThat(command.archive().sizeBytes()).isEqualTo(archiveBytes);
        assertThat(command.archive().sha256()).isEqualTo(sha256);
        assertThat(command.manifest().tables()).singleElement().satisfies(table -> {
            assertThat(table.table()).isEqualTo("readings");
            assertThat(table.columns()).containsExactly("sensor_id", "reading");
            assertThat(table.sizeBytes()).isEqualTo(CSV_BYTES);
        });
        try (var staged = Files.list(staging)) {
            assertThat(staged).singleElement().satisfies(file -> assertThat(Files.size(file)).isEqualTo(archiveBytes));
        }
        assertThat(Files.readString(gateway.log())).doesNotContain("OutOfMemoryError");

        long peakMib = peakHeapBeforeGcMib(gcLog);
        System.out.printf("LargeArchiveIT: %d MiB accepted by a gateway with a %d MiB heap in %d ms (%.1f MiB/s);"
                        + " its heap peaked at %d MiB (largest occupancy before a collection, from its GC log)%n",
                archiveBytes >> 20, GATEWAY_HEAP_MIB, took.toMillis(), (archiveBytes / 1048576.0) / (took.toMillis() / 1000.0),
                peakMib);
        PathUtils.deleteDirectory(WORK);
    }

    /** A tar with one 512 MiB CSV, written as a stream; returns its SHA-256. */
    private static String writeTar(Path archive) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] header = "sensor_id,reading\n".getBytes(StandardCharsets.US_ASCII);
        byte[] row = "000042,1234567890.123456789012345678901234567890123456789012345\n".getBytes(StandardCharsets.US_ASCII);
        byte[] block = new byte[row.length * 1024];
        for (int i = 0; i < 1024; i++) {
            System.arraycopy(row, 0, block, i * row.length, row.length);
        }
        try (OutputStream file = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(archive), 1 << 16), digest);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
            TarArchiveEntry entry = new TarArchiveEntry("entities/readings.csv");
            entry.setSize(CSV_BYTES);
            tar.putArchiveEntry(entry);
            tar.write(header);
            long written = header.length;
            while (written < CSV_BYTES) {
                int length = (int) Math.min(block.length, CSV_BYTES - written);
                tar.write(block, 0, length);
                written += length;
            }
            tar.closeArchiveEntry();
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static long maxHeapMib(Path gcLog) throws Exception {
        Matcher matcher = MAX_CAPACITY.matcher(Files.readString(gcLog));
        assertThat(matcher.find()).as("the heap limit in %s", gcLog).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static long peakHeapBeforeGcMib(Path gcLog) throws Exception {
        return Files.readAllLines(gcLog).stream().map(PAUSE::matcher).filter(Matcher::find)
                .mapToLong(matcher -> Long.parseLong(matcher.group(1))).max().orElse(0);
    }
}
