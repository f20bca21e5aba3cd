package io.weft.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.weft.testsupport.entra.TestClient;

import java.util.Map;

/** Workspace scoping on, with the submitter app granted one workspace, one environment and one pipeline. */
public class WorkspaceScoping implements QuarkusTestProfile {

    public static final String GRANTED = "Sales QA";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("weft.security.scoping", "on",
                "weft.security.workspace-scopes." + TestClient.SUBMITTER.clientId(), GRANTED + ",environment:qa,pipeline:Sales Release");
    }
}
