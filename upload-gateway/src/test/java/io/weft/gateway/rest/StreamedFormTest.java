package io.weft.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.Topics;
import io.weft.gateway.support.Authorized;
import io.weft.gateway.support.CommandRecords;
import io.weft.gateway.support.StagingDirectory;
import io.weft.testsupport.archive.TestArchives;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload's form is read as it arrives, its parts in any order: what is wrong with the form itself is reported
 * with the rest, a field refused after the archive was staged leaves nothing staged, and a body that is no readable
 * form is a 400 problem.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(EntraResource.class)
class StreamedFormTest {

    private static final String BOUNDARY = "weft-form-test";

    @TestHTTPResource("/api/v1/uploads")
    URI uploads;

    @Test
    void aFieldRefusedAfterTheArchiveWasStagedLeavesNothingStagedOrPublished() throws Exception {
        byte[] archive = Files.readAllBytes(TestArchives.tarGz("late.tgz", TestArchives.retail()));
        Set<String> stagedBefore = StagingDirectory.files();
        int publishedBefore = CommandRecords.all(Topics.PROVISION_COMMANDS).size();

        HttpResponse<String> response = post(new Form().file("archive", "late.tgz", archive)
                .field("scenarioName", "not a name!").field("workspace", "late-ws").end());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(errors(response)).containsExactly("scenarioName/pattern");
        assertThat(StagingDirectory.files()).isEqualTo(stagedBefore);
        assertThat(CommandRecords.all(Topics.PROVISION_COMMANDS)).hasSize(publishedBefore);
    }

    @Test
    void aFieldGivenTwiceAndASecondArchiveAreReportedWithTheOtherProblems() throws Exception {
        byte[] archive = Files.readAllBytes(TestArchives.tarGz("twice.tgz", TestArchives.retail()));

        HttpResponse<String> response = post(new Form().field("workspace", "one-ws").field("workspace", "other-ws")
                .file("archive", "twice.tgz", archive).file("archive", "again.tgz", archive).end());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(errors(response)).containsExactlyInAnyOrder("workspace/value", "archive/value", "scenarioName/required");
        assertThat(response.body()).contains("given more than once", "a second 'archive' part was sent");
    }

    @Test
    void aFieldAboveTheFormAttributeLimitIsAProblem() throws Exception {
        char[] longName = new char[17 * 1024]; // quarkus.http.limits.max-form-attribute-size is 16K
        Arrays.fill(longName, 'a');

        HttpResponse<String> response = post(new Form().field("scenarioName", new String(longName))
                .field("workspace", "long-ws").end());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(errors(response)).contains("scenarioName/value");
        assertThat(response.body()).contains("quarkus.http.limits.max-form-attribute-size");
    }

    @Test
    void aBodyCutShortIsRefusedWith400AndNothingIsStaged() throws Exception {
        byte[] archive = Files.readAllBytes(TestArchives.tarGz("cut.tgz", TestArchives.retail()));
        byte[] whole = new Form().field("scenarioName", "cut").field("workspace", "cut-ws").file("archive", "cut.tgz", archive).end();
        Set<String> stagedBefore = StagingDirectory.files();

        // the archive's part never ends: no closing boundary
        HttpResponse<String> response = post(Arrays.copyOf(whole, whole.length - BOUNDARY.length() - 8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode problem = ContractCodec.get().mapper().readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo(ProblemType.VALIDATION_FAILED.uri());
        assertThat(problem.path("detail").asText()).startsWith("the body could not be read to its end");
        assertThat(StagingDirectory.files()).isEqualTo(stagedBefore);
    }

    @Test
    void aMultipartBodyWithoutABoundaryIsRefusedWith400() throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(uploads).header("Authorization", Authorized.bearer())
                        .header("Content-Type", "multipart/form-data")
                        .POST(HttpRequest.BodyPublishers.ofString("scenarioName=x")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(ContractCodec.get().mapper().readTree(response.body()).path("detail").asText())
                .contains("no multipart boundary");
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(uploads).header("Authorization", Authorized.bearer())
                        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Each error as field/rule. */
    private static java.util.List<String> errors(HttpResponse<String> response) throws Exception {
        java.util.List<String> errors = new java.util.ArrayList<>();
        for (JsonNode error : ContractCodec.get().mapper().readTree(response.body()).path("errors")) {
            errors.add(error.path("field").asText() + "/" + error.path("rule").asText());
        }
        return errors;
    }

    /** A multipart/form-data body, its parts in the order given. */
    private static final class Form {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Form field(String name, String value) {
            write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
            return this;
        }

        Form file(String name, String fileName, byte[] content) {
            write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.writeBytes(content);
            write("\r\n");
            return this;
        }

        byte[] end() {
            write("--" + BOUNDARY + "--\r\n");
            return body.toByteArray();
        }

        private void write(String text) {
            body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
