package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.weft.contracts.Topics;
import io.weft.gateway.support.Authorized;
import io.weft.gateway.support.CommandRecords;
import io.weft.gateway.support.WorkspaceScoping;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.entra.TestClient;
import io.weft.testsupport.kafka.KafkaResource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code weft.security.scoping=on}, a principal submits only to what {@code weft.security.workspace-scopes}
 * grants it: its workspace, environment and pipeline pass, anything else is 403 and nothing is published; an admin
 * reaches everything.
 */
@QuarkusTest
@TestProfile(WorkspaceScoping.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(EntraResource.class)
class WorkspaceScopingTest {

    @Test
    void aScopedPrincipalSubmitsToItsWorkspaceAndIsRefusedElsewhere() {
        Response granted = refresh(TestClient.SUBMITTER, WorkspaceScoping.GRANTED);
        Response elsewhere = refresh(TestClient.SUBMITTER, "Finance");

        granted.then().statusCode(202);
        elsewhere.then().statusCode(403).contentType("application/problem+json");
        assertThat((String) elsewhere.path("type")).isEqualTo("urn:weft:problem:forbidden");
        assertThat((String) elsewhere.path("detail")).isEqualTo("the caller may not reach 'Finance' (weft.security.workspace-scopes)");
        assertThat(CommandRecords.all(Topics.DEPLOY_COMMANDS)).noneMatch(r -> "Finance".equals(r.key()));
        refresh(TestClient.ADMIN, "Finance").then().statusCode(202);
    }

    @Test
    void environmentsAndPipelinesAreScopedByTheirKeys() {
        promote(TestClient.SUBMITTER, "Sales Release").then().statusCode(202);
        Response otherPipeline = promote(TestClient.SUBMITTER, "Finance Release");
        otherPipeline.then().statusCode(403);
        assertThat((String) otherPipeline.path("detail")).contains("'pipeline:Finance Release'");
        assertThat(CommandRecords.all(Topics.DEPLOY_COMMANDS)).noneMatch(r -> "pipeline:Finance Release".equals(r.key()));
    }

    private static Response refresh(TestClient client, String workspace) {
        return Authorized.as(client).contentType(ContentType.JSON)
                .body(Map.of("workspace", workspace, "modelName", "Sales")).when().post("/api/v1/refreshes");
    }

    private static Response promote(TestClient client, String pipeline) {
        return Authorized.as(client).contentType(ContentType.JSON)
                .body(Map.of("pipeline", pipeline, "sourceStage", "dev", "targetStage", "qa")).when().post("/api/v1/promotions");
    }
}
