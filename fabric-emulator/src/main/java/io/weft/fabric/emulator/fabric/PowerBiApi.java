package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.http.HttpCall;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Power BI REST surface under {@code /v1.0/myorg} (its own path on the emulator's host, its own token audience,
 * checked by the dispatcher): dataset refreshes in a workspace ({@code /groups/{ws}/datasets/{id}/refreshes…}).
 * Errors take Power BI's shape, {@code {"error":{"code","message"}}}, not Fabric's.
 */
public final class PowerBiApi {

    private static final String ID = "([^/]+)";
    private static final Pattern REFRESHES = Pattern.compile("/groups/" + ID + "/datasets/" + ID + "/refreshes");
    private static final Pattern REFRESH = Pattern.compile("/groups/" + ID + "/datasets/" + ID + "/refreshes/" + ID);

    private final FabricService service;
    private final String apiUrl;

    /** @param apiUrl {@code https://HOST:PORT/v1.0/myorg} */
    public PowerBiApi(FabricService service, String apiUrl) {
        this.service = service;
        this.apiUrl = apiUrl;
    }

    /** Serves {@code path} (below {@code /v1.0/myorg}). */
    public void handle(HttpCall call, String path) throws IOException {
        String requestId = UUID.randomUUID().toString();
        call.header("RequestId", requestId);
        try {
            route(call, path);
        } catch (FabricError e) {
            if (!call.responded()) {
                call.respondJson(e.status(), error(e.errorCode(), e.getMessage()));
            }
        }
    }

    /** Power BI's error body. */
    public static ObjectNode error(String code, String message) {
        ObjectNode body = HttpCall.JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return body;
    }

    private void route(HttpCall call, String path) throws IOException {
        PowerBiRefreshes refreshes = service.refreshes();
        Matcher m = REFRESHES.matcher(path);
        if (m.matches()) {
            if ("POST".equals(call.method())) {
                String id = refreshes.trigger(m.group(1), m.group(2), body(call));
                call.header("x-ms-request-id", id);
                if (refreshes.enhanced(id)) {
                    call.header("Location", apiUrl + "/groups/" + m.group(1) + "/datasets/" + m.group(2) + "/refreshes/" + id);
                    call.header("Retry-After", Integer.toString(service.settings().retryAfterSeconds));
                }
                call.respondEmpty(202);
                return;
            }
            if ("GET".equals(call.method())) {
                int top = 60;
                String topText = call.queryIgnoreCase("$top");
                if (topText != null) {
                    try {
                        top = Integer.parseInt(topText);
                    } catch (NumberFormatException e) {
                        top = 0;
                    }
                    if (top < 1) {
                        throw new FabricError(400, "InvalidRequest", "$top must be an integer of at least 1.");
                    }
                }
                ObjectNode body = HttpCall.JSON.createObjectNode();
                refreshes.history(m.group(1), m.group(2), top).forEach(body.putArray("value")::add);
                call.respondJson(200, body);
                return;
            }
        }
        m = REFRESH.matcher(path);
        if (m.matches()) {
            if ("GET".equals(call.method())) {
                PowerBiRefreshes.Details details = refreshes.details(m.group(1), m.group(2), m.group(3));
                if (!details.done()) {
                    call.header("Retry-After", Integer.toString(service.settings().retryAfterSeconds));
                }
                call.respondJson(details.done() ? 200 : 202, details.body());
                return;
            }
            if ("DELETE".equals(call.method())) {
                refreshes.cancel(m.group(1), m.group(2), m.group(3));
                call.respondEmpty(200);
                return;
            }
        }
        throw new FabricError(404, "NotFound", "The requested Power BI resource was not found.");
    }

    private static JsonNode body(HttpCall call) throws IOException {
        try {
            JsonNode body = call.jsonBody();
            return body == null || body.isMissingNode() ? null : body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FabricError(400, "InvalidRequest", "The request body is not valid JSON.");
        }
    }
}
