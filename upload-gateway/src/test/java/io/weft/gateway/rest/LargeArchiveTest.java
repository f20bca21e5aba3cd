package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.Topics;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.gateway.support.CommandRecords;
import io.weft.support.staging.StagingStore;
import io.weft.testsupport.kafka.KafkaResource;
import jakarta.inject.Inject;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An archive larger than this JVM's whole heap is streamed, inspected, staged and accepted. Runs in its own
 * surefire execution with {@code -Xmx384m} (see the pom): that heap holds the application, the in-JVM Kafka
 * broker (which does not start under 128 MiB) and the test; the client streams the body from disk too.
 * Opt-in ({@code -DlargeArchiveTest=true}): it has run out of heap on a heavily loaded machine; see the README.
 */
@QuarkusTest
@TestProfile(LargeArchiveTest.LargeLimits.class)
@QuarkusTestResource(KafkaResource.class)
class LargeArchiveTest {

    private static final Logger LOG = Logger.getLogger(LargeArchiveTest.class);
    private static final long CSV_BYTES = 512L * 1024 * 1024;

    /** Limits that let a 512 MiB table through. */
    public static class LargeLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "weft.gateway.archive.max-entry-bytes", "1073741824",
                    "weft.gateway.archive.max-total-bytes", "1073741824",
                    "quarkus.http.limits.max-body-size", "1G");
        }
    }

    @TestHTTPResource("/api/v1/uploads")
    URI uploads;

    @Inject
    StagingStore staging;

    @Test
    void archiveLargerThanTheHeapIsAccepted() throws Exception {
        Path archive = Path.of("target", "large-archive", "big.tar");
        Files.createDirectories(archive.getParent());
        String sha256 = writeTar(archive);
        long archiveBytes = Files.size(archive);
        long heap = Runtime.getRuntime().maxMemory();
        assertThat(archiveBytes).as("the archive must not fit in the heap").isGreaterThan(heap);

        String boundary = "weft-" + UUID.randomUUID();
        String head = field(boundary, "scenarioName", "big") + field(boundary, "workspace", "large-ws")
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"archive\"; filename=\"big.tar\"\r\n"
                + "Content-Type: application/x-tar\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(uploads)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString(head),
                        HttpRequest.BodyPublishers.ofFile(archive),
                        HttpRequest.BodyPublishers.ofString(tail)))
                .build();

        long start = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.infof("Uploaded %d MiB under a %d MiB heap in %d ms (%.1f MiB/s)", archiveBytes >> 20, heap >> 20,
                took.toMillis(), (archiveBytes / 1048576.0) / (took.toMillis() / 1000.0));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String jobId = ContractCodec.get().mapper().readTree(response.body()).get("jobId").asText();
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records =
                CommandRecords.forJob(Topics.PROVISION_COMMANDS, jobId);
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
        staging.delete(command.archive());
        Files.delete(archive);
    }

    /** A tar with one 512 MiB CSV, written as a stream; returns its SHA-256. */
    private static String writeTar(Path archive) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] header = "sensor_id,reading\n".getBytes(StandardCharsets.US_ASCII);
        byte[] row = "000042,1234567890.123456789012345678901234567890123456789012345\n".getBytes(StandardCharsets.US_ASCII);
        try (OutputStream file = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(archive), 1 << 16), digest);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
            TarArchiveEntry entry = new TarArchiveEntry("entities/readings.csv");
            entry.setSize(CSV_BYTES);
            tar.putArchiveEntry(entry);
            tar.write(header);
            long written = header.length;
            byte[] block = new byte[row.length * 1024];
            for (int i = 0; i < 1024; i++) {
                System.arraycopy(row, 0, block, i * row.length, row.length);
            }
            while (written < CSV_BYTES) {
                int length = (int) Math.min(block.length, CSV_BYTES - written);
                tar.write(block, 0, length);
                written += length;
            }
            tar.closeArchiveEntry();
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String field(String boundary, String name, String value) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }
}
