package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import com.fasterxml.jackson.databind.JsonNode;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.Topics;
import io.weft.gateway.support.CommandRecords;
import io.weft.gateway.support.MultipartUpload;
import io.weft.gateway.support.OperatorSettings;
import io.weft.gateway.support.StagingDirectory;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests above quarkus.http.limits.max-body-size (QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE) are refused and leave nothing behind. */
@QuarkusTest
@TestProfile(OperatorSettings.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(EntraResource.class)
class BodyLimitTest {

    @TestHTTPResource("/api/v1/uploads")
    URI uploads;

    @Test
    void bodyAboveTheLimitIsRefusedWith413AndNothingIsStagedOrPublished() throws Exception {
        Path archive = Files.createTempFile("too-large-", ".tar");
        byte[] bytes = new byte[2 * OperatorSettings.MAX_BODY_BYTES];
        new Random(7).nextBytes(bytes);
        Files.write(archive, bytes);
        Set<String> stagedBefore = StagingDirectory.files();
        int publishedBefore = CommandRecords.all(Topics.PROVISION_COMMANDS).size();

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(MultipartUpload.post(uploads, Map.of("scenarioName", "big", "workspace", "limit-ws"), "archive", archive),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).as(response.body()).hasValue(ProblemDetail.MEDIA_TYPE);
        JsonNode problem = ContractCodec.get().mapper().readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:weft:problem:body-too-large");
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("detail").asText()).contains("at most " + OperatorSettings.MAX_BODY_BYTES);
        assertThat(StagingDirectory.files()).isEqualTo(stagedBefore);
        assertThat(CommandRecords.all(Topics.PROVISION_COMMANDS)).hasSize(publishedBefore);
        Files.delete(archive);
    }

    @Test
    void chunkedBodyGrowingAboveTheLimitIsCutOffAndNothingIsStagedOrPublished() throws Exception {
        byte[] bytes = new byte[2 * OperatorSettings.MAX_BODY_BYTES];
        new Random(11).nextBytes(bytes);
        String boundary = "weft-chunked";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"archive\"; filename=\"big.tar\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Set<String> stagedBefore = StagingDirectory.files();
        int publishedBefore = CommandRecords.all(Topics.PROVISION_COMMANDS).size();

        // No Content-Length: the limit can only be found while the body arrives.
        HttpRequest request = HttpRequest.newBuilder(uploads)
                .header("Authorization", io.weft.gateway.support.Authorized.bearer())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofByteArray(head), HttpRequest.BodyPublishers.ofByteArray(bytes))))
                .build();
        int status;
        String body = "";
        try {
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            body = response.body();
        } catch (IOException e) {
            status = -1; // the server may close the connection while the client is still sending
        }

        assertThat(status).isIn(413, -1);
        if (status == 413) {
            // refused by the form reader a chunk before Quarkus's own check, which would answer an empty 413
            assertThat(ContractCodec.get().mapper().readTree(body).path("detail").asText())
                    .contains("without a Content-Length", "at most " + OperatorSettings.MAX_BODY_BYTES);
        }
        assertThat(StagingDirectory.files()).isEqualTo(stagedBefore);
        assertThat(CommandRecords.all(Topics.PROVISION_COMMANDS)).hasSize(publishedBefore);
    }
}
