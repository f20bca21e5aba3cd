package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.testsupport.kafka.KafkaResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
class OpenApiTest {

    @Test
    void openApiDocumentDescribesBothEndpoints() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/uploads"))
                .body("paths", hasKey("/api/v1/deployments"))
                .body("paths.'/api/v1/uploads'.post.responses", hasKey("202"))
                .body("paths.'/api/v1/uploads'.post.responses", hasKey("422"));
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
