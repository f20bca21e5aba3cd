package io.weft.tracker.support;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.weft.testsupport.entra.EntraTokens;
import io.weft.testsupport.entra.TestClient;

/**
 * The tests about the tracker's behaviour, not its authorization, call as a {@code Weft.Admin} app with a real
 * token of the test tenant (test-support's {@code EntraResource}): {@link #asAdmin()} in a {@code @BeforeEach}
 * makes every RestAssured request of the test carry it. {@code TrackerSecurityTest} calls without one and with each role.
 */
public final class Authorized {

    private Authorized() {
    }

    /** Every RestAssured request from now on carries the admin app's token. */
    public static void asAdmin() {
        RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization", bearer()).build();
    }

    /** RestAssured requests from now on carry no token. */
    public static void anonymous() {
        RestAssured.requestSpecification = null;
    }

    /** The Authorization header value of the admin app, for the JDK HttpClient tests. */
    public static String bearer() {
        return EntraTokens.bearer(TestClient.ADMIN);
    }
}
