package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.weft.gateway.support.StagingDirectory;
import io.weft.testsupport.archive.TestArchives;
import io.weft.testsupport.kafka.InjectKafkaBroker;
import io.weft.testsupport.kafka.KafkaBroker;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static io.weft.gateway.support.Authorized.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With its broker stopped, the gateway refuses with 503 and Retry-After, within the bounded wait, and keeps
 * nothing staged. Its own profile gives it its own application and broker, so stopping it harms no other test.
 */
@QuarkusTest
@TestProfile(BrokerDownTest.OwnBroker.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(EntraResource.class)
class BrokerDownTest {

    /** A distinct profile: a fresh application (and broker) for this class alone. */
    public static class OwnBroker implements QuarkusTestProfile {
    }

    @InjectKafkaBroker
    KafkaBroker broker;

    @Test
    void stoppedBrokerGives503AndLeavesNothingStaged() {
        // First a request that goes through, so the producer knows the topic, as in production.
        upload().then().statusCode(202);
        broker.close();
        Set<String> before = StagingDirectory.files();
        long start = System.nanoTime();

        Response response = upload();

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        response.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "30");
        assertThat((String) response.path("type")).isEqualTo("urn:weft:problem:broker-unavailable");
        assertThat((String) response.path("title")).isEqualTo("Kafka is unavailable");
        assertThat((Integer) response.path("status")).isEqualTo(503);
        assertThat((String) response.path("detail")).isEqualTo("the job could not be queued and nothing was kept; retry later");
        assertThat(took).as("bounded by weft.gateway.publish-timeout (8s in tests)").isLessThan(Duration.ofSeconds(20));
        assertThat(StagingDirectory.files()).isEqualTo(before);
    }

    private static Response upload() {
        return given()
                .multiPart("archive", TestArchives.tarGz("retail.tgz", TestArchives.retail()).toFile())
                .multiPart("scenarioName", "retail")
                .multiPart("workspace", "ws")
                .when().post("/api/v1/uploads");
    }
}
