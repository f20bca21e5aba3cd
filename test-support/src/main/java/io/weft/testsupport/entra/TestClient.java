package io.weft.testsupport.entra;

import java.util.List;

/**
 * The client apps {@link EntraResource} registers in the emulator's tenant, one per Weft role, and one with no
 * role: each test asks for the narrowest principal that may do what it tests.
 */
public enum TestClient {

    /** {@code Weft.Admin}: everything. What the tests that are not about authorization call as. */
    ADMIN("Weft.Admin"),
    /** {@code Weft.Submit}: uploads, deployments, runs, workspace provisioning. */
    SUBMITTER("Weft.Submit"),
    /** {@code Weft.Read}: jobs, events, streams. */
    READER("Weft.Read"),
    /** {@code Weft.Cancel}: cancelling jobs. */
    CANCELLER("Weft.Cancel"),
    /** A registered app granted no Weft role: authenticated, allowed nothing. */
    NO_ROLES();

    private final List<String> roles;

    TestClient(String... roles) {
        this.roles = List.of(roles);
    }

    /** The app roles its tokens carry. */
    public List<String> roles() {
        return roles;
    }

    /** Its client (application) id in the tenant. */
    public String clientId() {
        return "weft-test-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
