package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(EntraResource.class)
class OpenApiTest {

    @Test
    void openApiDocumentDescribesBothEndpoints() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/uploads"))
                .body("paths", hasKey("/api/v1/deployments"))
                .body("paths.'/api/v1/uploads'.post.responses", hasKey("202"))
                .body("paths.'/api/v1/uploads'.post.responses", hasKey("422"))
                // the resource reads the body as a stream: the form is described by UploadForm
                .body("paths.'/api/v1/uploads'.post.requestBody.content.'multipart/form-data'.schema.'$ref'",
                        org.hamcrest.Matchers.endsWith("/UploadForm"))
                .body("components.schemas.UploadForm.properties.archive.format", org.hamcrest.Matchers.equalTo("binary"))
                .body("components.schemas.UploadForm.required", org.hamcrest.Matchers.hasItems("archive", "scenarioName", "workspace"));
    }

    @Test
    void everyProblemTypeIsDocumentedInTheApiAndInDocs() throws Exception {
        String description = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().path("info.description");
        String catalog = Files.readString(Path.of("..", "docs", "problems.md"));
        for (ProblemType type : ProblemType.values()) {
            assertThat(type.uri()).startsWith("urn:weft:problem:");
            assertThat(description).as("OpenAPI description").contains("`" + type.uri() + "`", type.meaning(), type.action());
            assertThat(catalog).as("docs/problems.md").contains("`" + type.uri() + "`");
        }
    }

    @Test
    void theBearerSecuritySchemeIsDocumentedAndRequiredByEveryOperation() {
        var document = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(document.getString("components.securitySchemes.entra.type")).isEqualTo("http");
        assertThat(document.getString("components.securitySchemes.entra.scheme")).isEqualTo("bearer");
        for (String path : java.util.List.of("/api/v1/uploads", "/api/v1/deployments", "/api/v1/runs", "/api/v1/workspaces")) {
            assertThat(document.getList("paths.'" + path + "'.post.security.entra")).as(path).isNotNull().isNotEmpty();
        }
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
