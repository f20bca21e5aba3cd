package io.weft.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Settings an operator changes from the defaults: CORS on for one browser origin and a small request size limit.
 * One profile for the tests of both, so Quarkus starts once for them.
 */
public class OperatorSettings implements QuarkusTestProfile {

    /** The one origin browser clients may call from. */
    public static final String BROWSER_ORIGIN = "https://app.example.test";

    /** The largest request body. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.cors.enabled", "true",
                "quarkus.http.cors.origins", BROWSER_ORIGIN,
                "quarkus.http.limits.max-body-size", Integer.toString(MAX_BODY_BYTES));
    }
}
