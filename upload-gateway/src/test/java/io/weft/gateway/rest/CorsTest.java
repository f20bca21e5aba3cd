package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.weft.gateway.support.OperatorSettings;
import io.weft.testsupport.archive.TestArchives;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static io.weft.gateway.support.Authorized.given;
import static io.weft.gateway.support.OperatorSettings.BROWSER_ORIGIN;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Browser clients: CORS as configured by QUARKUS_HTTP_CORS_ENABLED and QUARKUS_HTTP_CORS_ORIGINS (one origin here). */
@QuarkusTest
@TestProfile(OperatorSettings.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(EntraResource.class)
class CorsTest {

    @Test
    void preflightFromAnAllowedOriginPermitsTheUploadWithAnIdempotencyKey() {
        given().header("Origin", BROWSER_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,idempotency-key")
                .when().options("/api/v1/uploads")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", BROWSER_ORIGIN)
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Idempotency-Key"));
    }

    @Test
    void preflightFromAnotherOriginIsNotAllowed() {
        given().header("Origin", "https://evil.example.test")
                .header("Access-Control-Request-Method", "POST")
                .when().options("/api/v1/uploads")
                .then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void acceptedUploadExposesItsLocationToTheBrowser() {
        Path archive = TestArchives.tarGz("retail.tgz", TestArchives.retail());
        given().header("Origin", BROWSER_ORIGIN)
                .multiPart("archive", archive.toFile(), "application/octet-stream")
                .multiPart("scenarioName", "retail")
                .multiPart("workspace", "cors-ws")
                .when().post("/api/v1/uploads")
                .then().statusCode(202)
                .header("Access-Control-Allow-Origin", equalTo(BROWSER_ORIGIN))
                .header("Access-Control-Expose-Headers", containsString("Location"));
    }
}
