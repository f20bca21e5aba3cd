package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.command.DefinitionFormat;
import io.weft.contracts.command.DefinitionPart;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.DeploymentMode;
import io.weft.gateway.support.CommandRecords;
import io.weft.testsupport.archive.TestArchives;
import io.weft.support.staging.StagingStore;
import io.weft.support.staging.VerifiedObject;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.weft.gateway.support.Authorized.given;
import static io.weft.testsupport.archive.TestArchives.file;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(EntraResource.class)
class DeploymentResourceTest {

    /** The demo's model folder, larger than the test profile's 2 KiB inline limit. */
    private static final Path SALES = Path.of("..", "examples", "semantic-models", "Sales");

    @Inject
    StagingStore staging;

    @Test
    void smallTmdlArchiveTravelsInline() {
        Path archive = TestArchives.zip("mini.zip", miniTmdl("Mini/"));

        Response response = given()
                .multiPart("archive", archive.toFile())
                .multiPart("workspace", "Finance")
                .multiPart("modelName", "Mini")
                .multiPart("mode", "prod")
                .multiPart("confirmOverwrite", "true")
                .when().post("/api/v1/deployments");

        response.then().statusCode(202);
        assertThat((String) response.path("kind")).isEqualTo("semantic-model");
        assertThat((String) response.path("manifest.delivery")).isEqualTo("inline");
        DeploySemanticModel command = decode(response.path("jobId"), "Finance");
        assertThat(command.modelName()).isEqualTo("Mini");
        assertThat(command.mode()).isEqualTo(DeploymentMode.PROD);
        assertThat(command.confirmOverwrite()).isTrue();
        assertThat(command.definition().format()).isEqualTo(DefinitionFormat.TMDL);
        assertThat(command.definition().archive()).isNull();
        assertThat(command.definition().parts()).extracting(DefinitionPart::path).containsExactly(
                "definition.pbism", "definition/database.tmdl", "definition/model.tmdl", "definition/tables/T.tmdl");
        assertThat(decodePayload(command.definition().parts().get(1))).isEqualTo("database\n\tcompatibilityLevel: 1550\n");
    }

    @Test
    void largerModelFolderIsStaged() throws IOException {
        Path archive = TestArchives.tarGz("Sales.tgz", folder(SALES, "Sales/"));

        Response response = given()
                .multiPart("archive", archive.toFile())
                .multiPart("workspace", "Finance")
                .multiPart("modelName", "Sales")
                .multiPart("mode", "dev")
                .when().post("/api/v1/deployments");

        response.then().statusCode(202);
        assertThat((String) response.path("manifest.delivery")).isEqualTo("staged");
        assertThat((List<String>) response.path("manifest.files")).contains(".platform", "definition.pbism",
                "definition/model.tmdl", "definition/database.tmdl", "definition/tables/Orders.tmdl");
        DeploySemanticModel command = decode(response.path("jobId"), "Finance");
        assertThat(command.mode()).isEqualTo(DeploymentMode.DEV);
        assertThat(command.confirmOverwrite()).isFalse();
        assertThat(command.definition().parts()).isNull();
        try (VerifiedObject staged = staging.open(command.definition().archive())) {
            assertThat(Files.readAllBytes(staged.file())).isEqualTo(Files.readAllBytes(archive));
        }
        staging.delete(command.definition().archive());
    }

    @Test
    void jsonPartsTravelInline() {
        List<DefinitionPart> parts = List.of(
                part("definition.pbism", "{\"version\":\"4.0\",\"settings\":{}}"),
                part("model.bim", "{\"compatibilityLevel\":1550,\"model\":{}}"));

        Response response = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", "json-" + System.nanoTime())
                .body(Map.of("workspace", "Finance", "modelName", "Tabular", "mode", "dev", "parts", parts))
                .when().post("/api/v1/deployments");

        response.then().statusCode(202);
        assertThat((String) response.path("manifest.format")).isEqualTo("TMSL");
        DeploySemanticModel command = decode(response.path("jobId"), "Finance");
        assertThat(command.definition().format()).isEqualTo(DefinitionFormat.TMSL);
        assertThat(command.definition().parts()).isEqualTo(parts);
    }

    @Test
    void aDeploymentMayNameAnEnvironmentInsteadOfAWorkspace() {
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("environment", "qa", "modelName", "Tabular", "mode", "prod", "confirmOverwrite", true,
                        "parts", List.of(part("definition.pbism", "{}"), part("model.bim", "{\"model\":{}}"))))
                .when().post("/api/v1/deployments");

        response.then().statusCode(202);
        // keyed by the environment: its workspace is known only to the deployer
        DeploySemanticModel command = decode(response.path("jobId"), "environment:qa");
        assertThat(command.environment()).isEqualTo("qa");
        assertThat(command.workspace()).isNull();
        assertThat(command.mode()).isEqualTo(DeploymentMode.PROD);
    }

    @Test
    void anArchiveDeploymentMayNameAnEnvironmentToo() {
        Path archive = TestArchives.zip("mini-env.zip", miniTmdl("Mini/"));

        Response response = given()
                .multiPart("archive", archive.toFile())
                .multiPart("environment", "dev")
                .multiPart("modelName", "Mini")
                .multiPart("mode", "dev")
                .when().post("/api/v1/deployments");

        response.then().statusCode(202);
        assertThat(decode(response.path("jobId"), "environment:dev").environment()).isEqualTo("dev");
    }

    @Test
    void workspaceAndEnvironmentAreOneOrTheOtherAndTheNameIsChecked() {
        List<DefinitionPart> parts = List.of(part("definition.pbism", "{}"), part("model.bim", "{\"model\":{}}"));
        assertDeploymentProblem(given().contentType(ContentType.JSON)
                .body(Map.of("workspace", "Finance", "environment", "qa", "modelName", "M", "mode", "dev", "parts", parts))
                .when().post("/api/v1/deployments"), List.of(Map.of("field", "environment", "rule", "value",
                "detail", "give a workspace or an environment, not both (the environment names its workspace)")));
        assertDeploymentProblem(given().contentType(ContentType.JSON)
                .body(Map.of("environment", "9 lives", "modelName", "M", "mode", "dev", "parts", parts))
                .when().post("/api/v1/deployments"), List.of(Map.of("field", "environment", "rule", "pattern",
                "detail", "environment '9 lives' must match a letter, then up to 63 letters, digits, _ or -")));
        assertDeploymentProblem(given().contentType(ContentType.JSON)
                .body(Map.of("modelName", "M", "mode", "dev", "parts", parts))
                .when().post("/api/v1/deployments"), List.of(Map.of("field", "workspace", "rule", "required",
                "detail", "workspace (a GUID or a display name) or environment (an environment of the model-deployer's"
                        + " environments file) is required")));
    }

    @Test
    void missingDefinitionFilesAreAllListed() {
        Path archive = TestArchives.tar("broken.tar", List.of(file("Broken/definition/model.tmdl", "model Model\n")));

        Response response = given()
                .multiPart("archive", archive.toFile())
                .multiPart("workspace", "Finance")
                .multiPart("modelName", "Broken")
                .multiPart("mode", "staging")
                .when().post("/api/v1/deployments");

        assertDeploymentProblem(response, List.of(
                Map.of("field", "mode", "rule", "value", "detail", "mode 'staging' is not dev or prod"),
                Map.of("entry", "Broken/definition.pbism", "rule", "definition-file-missing",
                        "detail", "a TMDL definition needs definition.pbism"),
                Map.of("entry", "Broken/definition/database.tmdl", "rule", "definition-file-missing",
                        "detail", "a TMDL definition needs definition/database.tmdl"),
                Map.of("entry", "Broken/definition/tables/*.tmdl", "rule", "definition-file-missing",
                        "detail", "a TMDL definition needs at least one table in definition/tables/")));
    }

    @Test
    void tmslNeedsModelBim() {
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("workspace", "Finance", "modelName", "M", "mode", "dev", "format", "TMSL",
                        "parts", List.of(part("definition.pbism", "{}"))))
                .when().post("/api/v1/deployments");

        assertDeploymentProblem(response, List.of(Map.of("entry", "model.bim", "rule", "definition-file-missing",
                "detail", "a TMSL definition needs model.bim")));
    }

    @Test
    void jsonPartsAreCheckedForPathsEncodingAndSize() {
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("workspace", "Finance", "modelName", "M", "mode", "dev", "format", "TMSL", "parts", List.of(
                        part("definition.pbism", "{}"),
                        new DefinitionPart("model.bim", "not base64!"),
                        part("../escape.bim", "x"),
                        part("big.json", "x".repeat(3000)))))
                .when().post("/api/v1/deployments");

        assertDeploymentProblem(response, List.of(
                Map.of("entry", "model.bim", "rule", "part-payload-not-base64",
                        "detail", "the payload is not valid base64: Illegal base64 character 20"),
                Map.of("entry", "../escape.bim", "rule", "parent-traversal", "detail", "'..' is not allowed in paths"),
                Map.of("field", "parts", "rule", "definition-too-large", "detail", "the parts decode to 3002 bytes, more"
                        + " than the 2048 a JSON request may carry; send the model folder as a multipart archive instead")));
    }

    private static void assertDeploymentProblem(Response response, List<Map<String, String>> errors) {
        response.then().statusCode(422).contentType("application/problem+json");
        assertThat((String) response.path("type")).isEqualTo("urn:weft:problem:validation-failed");
        assertThat((String) response.path("title")).isEqualTo("The deployment request is not valid");
        assertThat((Integer) response.path("status")).isEqualTo(422);
        assertThat((String) response.path("instance")).isEqualTo("/api/v1/deployments");
        assertThat((List<Map<String, String>>) response.path("errors")).containsExactlyElementsOf(errors);
    }

    static List<TestArchives.Entry> miniTmdl(String root) {
        return List.of(
                file(root + "definition.pbism", "{\"version\":\"4.0\",\"settings\":{}}"),
                file(root + "definition/database.tmdl", "database\n\tcompatibilityLevel: 1550\n"),
                file(root + "definition/model.tmdl", "model Model\n\tculture: en-US\n"),
                file(root + "definition/tables/T.tmdl", "table T\n\tcolumn id\n\t\tdataType: int64\n"));
    }

    private static List<TestArchives.Entry> folder(Path folder, String root) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().map(path -> {
                try {
                    return file(root + folder.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static DefinitionPart part(String path, String content) {
        return new DefinitionPart(path, Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static String decodePayload(DefinitionPart part) {
        return new String(Base64.getDecoder().decode(part.payload()), StandardCharsets.UTF_8);
    }

    private static DeploySemanticModel decode(String jobId, String workspace) {
        List<ConsumerRecord<String, byte[]>> records = CommandRecords.forJob(Topics.DEPLOY_COMMANDS, jobId);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(record.key()).isEqualTo(workspace);
        assertThat(CommandRecords.header(record, "ce_type")).isEqualTo(MessageType.DEPLOY_SEMANTIC_MODEL.ceType());
        assertThat(CommandRecords.header(record, "ce_source")).isEqualTo("/weft/upload-gateway");
        return ContractCodec.get().decode(CommandRecords.header(record, "ce_type"), record.value(), DeploySemanticModel.class);
    }
}
