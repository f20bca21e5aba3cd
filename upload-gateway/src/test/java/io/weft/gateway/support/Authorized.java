package io.weft.gateway.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.weft.testsupport.entra.EntraTokens;
import io.weft.testsupport.entra.TestClient;

/**
 * RestAssured's {@code given()} with a real Entra access token (from the test tenant of test-support's
 * {@code EntraResource}) of a {@code Weft.Admin} app: what the tests about the gateway's behaviour, not its
 * authorization, call as. {@code GatewaySecurityTest} calls without one and with each role.
 */
public final class Authorized {

    private Authorized() {
    }

    public static RequestSpecification given() {
        return as(TestClient.ADMIN);
    }

    public static RequestSpecification as(TestClient client) {
        return RestAssured.given().auth().oauth2(EntraTokens.token(client));
    }

    /** The Authorization header value of the admin app, for the JDK HttpClient tests. */
    public static String bearer() {
        return EntraTokens.bearer(TestClient.ADMIN);
    }
}
