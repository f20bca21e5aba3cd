package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.contracts.command.TableManifest;
import io.weft.gateway.support.CommandRecords;
import io.weft.gateway.support.MultipartUpload;
import io.weft.gateway.support.StagingDirectory;
import io.weft.testsupport.archive.TestArchives;
import io.weft.support.staging.StagingStore;
import io.weft.support.staging.VerifiedObject;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.weft.gateway.support.Authorized.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(EntraResource.class)
class UploadResourceTest {

    @Inject
    StagingStore staging;

    @TestHTTPResource("/api/v1/uploads")
    URI uploads;

    /**
     * The JDK's HttpClient offers an h2c upgrade ({@code Upgrade: h2c}) with every cleartext request; honouring it
     * with a body makes Vert.x hold the whole body in memory, so the gateway declines and answers over HTTP/1.1.
     */
    @Test
    void cleartextHttp2UpgradeIsDeclinedSoTheBodyIsStreamed() throws Exception {
        Path archive = TestArchives.tarGz("retail.tgz", TestArchives.retail());

        HttpResponse<String> response = HttpClient.newHttpClient().send(MultipartUpload.post(uploads,
                        Map.of("scenarioName", "retail", "workspace", "h2c-ws"), "archive", archive),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"retail.tar.gz", "retail.tgz", "retail.tar", "retail.zip"})
    void acceptedUploadPublishesOneMatchingCommand(String fileName) throws Exception {
        Path archive = fileName.endsWith(".zip") ? TestArchives.zip(fileName, TestArchives.retail())
                : fileName.endsWith(".tar") ? TestArchives.tar(fileName, TestArchives.retail())
                : TestArchives.tarGz(fileName, TestArchives.retail());

        Response response = given()
                .multiPart("archive", archive.toFile(), "application/octet-stream")
                .multiPart("scenarioName", "retail-demo")
                .multiPart("workspace", "Sales Analytics")
                .when().post("/api/v1/uploads");

        response.then().statusCode(202).contentType("application/json");
        String jobId = response.path("jobId");
        assertThat(jobId).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        String statusUrl = "https://tracker.example.test/api/v1/jobs/" + jobId;
        assertThat(response.header("Location")).isEqualTo(statusUrl);
        assertThat((String) response.path("statusUrl")).isEqualTo(statusUrl);
        assertThat((String) response.path("kind")).isEqualTo("graph-scenario");
        assertThat((String) response.path("status")).isEqualTo("QUEUED");
        assertThat((List<String>) response.path("manifest.tables.table")).containsExactly("customers", "orders");
        assertThat((List<List<String>>) response.path("manifest.tables.columns"))
                .containsExactly(List.of("id", "name", "city"), List.of("id", "customers_id", "total"));

        List<ConsumerRecord<String, byte[]>> records = CommandRecords.forJob(Topics.PROVISION_COMMANDS, jobId);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(record.key()).isEqualTo("Sales Analytics");
        assertThat(CommandRecords.header(record, "ce_type")).isEqualTo(MessageType.PROVISION_GRAPH_SCENARIO.ceType());
        assertThat(CommandRecords.header(record, "ce_source")).isEqualTo("/weft/upload-gateway");
        assertThat(CommandRecords.header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(CommandRecords.header(record, "ce_id")).isNotBlank();
        assertThat(CommandRecords.header(record, "ce_time")).isNotBlank();

        ProvisionGraphScenario command = ContractCodec.get().decode(CommandRecords.header(record, "ce_type"),
                record.value(), ProvisionGraphScenario.class);
        assertThat(command.jobId()).isEqualTo(jobId);
        assertThat(command.workspace()).isEqualTo("Sales Analytics");
        assertThat(command.scenarioName()).isEqualTo("retail-demo");
        assertThat(command.lakehouseName()).isEqualTo("retail_demo_lakehouse");
        assertThat(command.ontologyName()).isEqualTo("retail_demo_ontology");
        assertThat(command.manifest().tables()).containsExactly(
                new TableManifest("customers", "entities/customers.csv", List.of("id", "name", "city"), 43),
                new TableManifest("orders", "entities/orders.csv", List.of("id", "customers_id", "total"), 43));
        assertThat(command.manifest().totalBytes()).isEqualTo(86);

        byte[] uploaded = Files.readAllBytes(archive);
        assertThat(command.archive().sizeBytes()).isEqualTo(uploaded.length);
        assertThat(command.archive().sha256())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(uploaded)));
        assertThat(command.archive().fileName()).isEqualTo(fileName);
        assertThat(command.archive().uri()).startsWith("file:///").endsWith(fileName.substring(fileName.indexOf('.')));
        try (VerifiedObject staged = staging.open(command.archive())) {
            assertThat(Files.readAllBytes(staged.file())).isEqualTo(uploaded);
        }
        staging.delete(command.archive());
    }

    @Test
    void explicitNamesAndAnArchiveWithOneTopLevelFolderAreAccepted() {
        List<TestArchives.Entry> nested = List.of(
                TestArchives.directory("shop/"),
                TestArchives.file("shop/README.md", "not a table"),
                TestArchives.file("shop/entities/Order Items.csv", "\uFEFFid,\"order, id\",qty\n1,2,3\n"));
        Path archive = TestArchives.tarGz("shop.tgz", nested);

        Response response = given()
                .multiPart("archive", archive.toFile())
                .multiPart("scenarioName", "shop")
                .multiPart("workspace", "0f0e0d0c-0000-4000-8000-000000000001")
                .multiPart("lakehouseName", "ShopLake")
                .multiPart("ontologyName", "ShopGraph")
                .when().post("/api/v1/uploads");

        response.then().statusCode(202);
        ProvisionGraphScenario command = decode(CommandRecords.forJob(Topics.PROVISION_COMMANDS, response.path("jobId")));
        assertThat(command.lakehouseName()).isEqualTo("ShopLake");
        assertThat(command.ontologyName()).isEqualTo("ShopGraph");
        assertThat(command.manifest().tables()).singleElement().satisfies(table -> {
            assertThat(table.table()).isEqualTo("order_items");
            assertThat(table.path()).isEqualTo("shop/entities/Order Items.csv");
            assertThat(table.columns()).containsExactly("id", "order, id", "qty");
        });
    }

    @Test
    void stagedObjectsAreOnlyThoseOfAcceptedJobs() {
        Set<String> before = StagingDirectory.files();
        Response response = given()
                .multiPart("archive", TestArchives.zip("one.zip", TestArchives.retail()).toFile())
                .multiPart("scenarioName", "one")
                .multiPart("workspace", "ws")
                .when().post("/api/v1/uploads");
        response.then().statusCode(202);
        ProvisionGraphScenario command = decode(CommandRecords.forJob(Topics.PROVISION_COMMANDS, response.path("jobId")));
        Set<String> added = new java.util.HashSet<>(StagingDirectory.files());
        added.removeAll(before);
        assertThat(added).containsExactly(Path.of(java.net.URI.create(command.archive().uri())).getFileName().toString());
    }

    static ProvisionGraphScenario decode(List<ConsumerRecord<String, byte[]>> records) {
        assertThat(records).hasSize(1);
        return ContractCodec.get().decode(CommandRecords.header(records.get(0), "ce_type"), records.get(0).value(),
                ProvisionGraphScenario.class);
    }
}
