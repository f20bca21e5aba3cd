package io.weft.tracker.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.weft.testsupport.entra.TestClient;
import io.weft.testsupport.entra.TestUser;

import java.util.Map;

/**
 * Workspace scoping on: the reader and the canceller apps granted one workspace and one pipeline, the group of the
 * user {@link TestUser#SALES_READER} the workspace.
 */
public class WorkspaceScoping implements QuarkusTestProfile {

    public static final String GRANTED = "Sales QA";

    @Override
    public Map<String, String> getConfigOverrides() {
        String grant = GRANTED + ",pipeline:Sales Release";
        return Map.of("weft.security.scoping", "on",
                "weft.security.workspace-scopes." + TestUser.SALES_READERS, GRANTED,
                "weft.security.workspace-scopes." + TestClient.READER.clientId(), grant,
                "weft.security.workspace-scopes." + TestClient.CANCELLER.clientId(), grant);
    }
}
