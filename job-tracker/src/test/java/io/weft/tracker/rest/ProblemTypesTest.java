package io.weft.tracker.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.postgres.PostgresResource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Every problem the tracker answers with carries a documented type the project controls. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EntraResource.class)
class ProblemTypesTest {

    @org.junit.jupiter.api.BeforeEach
    void callAsAdmin() {
        io.weft.tracker.support.Authorized.asAdmin();
    }

    @Test
    void problemsAreTypedByUrnOrAboutBlank() {
        RestAssured.get("/api/v1/jobs/{id}", "no-such-job").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:weft:problem:job-not-found"));
        RestAssured.given().queryParam("limit", 0).get("/api/v1/jobs").then().statusCode(400)
                .body("type", equalTo("urn:weft:problem:bad-request"));
        RestAssured.delete("/api/v1/jobs").then().statusCode(405)
                .contentType("application/problem+json")
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Method Not Allowed"));
    }

    @Test
    void everyProblemTypeIsDocumentedInTheApiAndInDocs() throws Exception {
        String description = RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().path("info.description");
        String catalog = Files.readString(Path.of("..", "docs", "problems.md"));
        for (ProblemType type : ProblemType.values()) {
            assertThat(type.uri()).startsWith("urn:weft:problem:");
            assertThat(description).as("OpenAPI description").contains("`" + type.uri() + "`", type.meaning(), type.action());
            assertThat(catalog).as("docs/problems.md").contains("`" + type.uri() + "`");
        }
    }
}
