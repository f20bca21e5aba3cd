package io.weft.tracker.health;

import io.restassured.RestAssured;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.postgres.PostgresResource;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(EntraResource.class)
class HealthTest {

    @Test
    void liveAndReadyWithKafka() {
        RestAssured.get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("Kafka connection health check"))
                .body("checks.name", hasItem("Database connections health check"));
    }
}
