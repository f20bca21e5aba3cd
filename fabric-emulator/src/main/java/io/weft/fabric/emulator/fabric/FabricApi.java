package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.http.HttpCall;
import io.weft.fabric.emulator.http.PercentCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Fabric REST surface under {@code /v1}: routes requests to {@link FabricService} and shapes responses. */
public final class FabricApi {

    private static final String ID = "([^/]+)";

    private interface Handler {
        void handle(HttpCall call, Matcher path) throws IOException;
    }

    private record Route(String method, Pattern pattern, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final FabricService service;
    private final String apiUrl;

    public FabricApi(FabricService service, String apiUrl) {
        this.service = service;
        this.apiUrl = apiUrl;
        route("GET", "/workspaces", (c, m) -> page(c, service.listWorkspaces(), "value"));
        route("POST", "/workspaces", (c, m) -> {
            ObjectNode w = service.createWorkspace(body(c));
            c.header("Location", apiUrl + "/workspaces/" + w.path("id").asText());
            c.respondJson(201, w);
        });
        route("GET", "/workspaces/" + ID, (c, m) -> c.respondJson(200, service.getWorkspace(m.group(1))));
        route("DELETE", "/workspaces/" + ID, (c, m) -> {
            service.deleteWorkspace(m.group(1));
            c.respondEmpty(200);
        });

        route("GET", "/workspaces/" + ID + "/items", (c, m) -> page(c, service.listItems(m.group(1), c.queryIgnoreCase("type")), "value"));
        route("POST", "/workspaces/" + ID + "/items", (c, m) -> {
            JsonNode body = body(c);
            created(c, service.createItem(m.group(1), FabricService.text(body, "type", null), body));
        });
        route("GET", "/workspaces/" + ID + "/items/" + ID, (c, m) -> c.respondJson(200, service.getItem(m.group(1), m.group(2), null)));
        route("PATCH", "/workspaces/" + ID + "/items/" + ID, (c, m) -> c.respondJson(200, service.updateItem(m.group(1), m.group(2), null, body(c))));
        route("DELETE", "/workspaces/" + ID + "/items/" + ID, (c, m) -> {
            service.deleteItem(m.group(1), m.group(2), null);
            c.respondEmpty(200);
        });
        route("POST", "/workspaces/" + ID + "/items/" + ID + "/getDefinition",
                (c, m) -> outcome(c, service.getDefinition(m.group(1), m.group(2), null, c.query("format"))));
        route("POST", "/workspaces/" + ID + "/items/" + ID + "/updateDefinition", (c, m) -> outcome(c,
                service.updateDefinition(m.group(1), m.group(2), null, body(c), "true".equalsIgnoreCase(c.queryIgnoreCase("updateMetadata")))));

        typed("lakehouses", FabricService.LAKEHOUSE);
        typed("semanticModels", FabricService.SEMANTIC_MODEL);
        typed("ontologies", FabricService.ONTOLOGY);
        typed("graphModels", FabricService.GRAPH_MODEL);

        route("GET", "/workspaces/" + ID + "/lakehouses/" + ID + "/tables", (c, m) -> {
            int max = 100;
            String maxResults = c.queryIgnoreCase("maxResults");
            if (maxResults != null) {
                try {
                    max = Integer.parseInt(maxResults);
                } catch (NumberFormatException e) {
                    max = -1;
                }
                if (max < 1 || max > 100) {
                    throw FabricError.badRequest("The MaxResults field must be between 1 and 100.");
                }
            }
            pageOf(c, service.listTables(m.group(1), m.group(2)), "data", Math.min(max, service.settings().pageSize));
        });
        route("POST", "/workspaces/" + ID + "/lakehouses/" + ID + "/tables/" + ID + "/load",
                (c, m) -> outcome(c, service.loadTable(m.group(1), m.group(2), PercentCodec.decode(m.group(3)), body(c))));

        route("GET", "/operations/" + ID, (c, m) -> {
            String id = m.group(1);
            ObjectNode state = service.operationState(id);
            c.header("x-ms-operation-id", id);
            if (service.operationDone(id)) {
                if ("Succeeded".equals(state.path("status").asText())) {
                    c.header("Location", apiUrl + "/operations/" + id + "/result");
                }
            } else {
                c.header("Location", apiUrl + "/operations/" + id);
                c.header("Retry-After", Integer.toString(service.settings().retryAfterSeconds));
            }
            c.respondJson(200, state);
        });
        route("GET", "/operations/" + ID + "/result", (c, m) -> c.respondJson(200, service.operationResult(m.group(1))));
    }

    /** Lists, gets, creates, updates, deletes and definitions of one item type under its typed path. */
    private void typed(String collection, String type) {
        String base = "/workspaces/" + ID + "/" + collection;
        route("GET", base, (c, m) -> page(c, service.listItems(m.group(1), type), "value"));
        route("POST", base, (c, m) -> created(c, service.createItem(m.group(1), type, body(c))));
        route("GET", base + "/" + ID, (c, m) -> c.respondJson(200, service.getItem(m.group(1), m.group(2), type)));
        route("PATCH", base + "/" + ID, (c, m) -> c.respondJson(200, service.updateItem(m.group(1), m.group(2), type, body(c))));
        route("DELETE", base + "/" + ID, (c, m) -> {
            service.deleteItem(m.group(1), m.group(2), type);
            c.respondEmpty(200);
        });
        route("POST", base + "/" + ID + "/getDefinition", (c, m) -> outcome(c, service.getDefinition(m.group(1), m.group(2), type, c.query("format"))));
        route("POST", base + "/" + ID + "/updateDefinition", (c, m) -> outcome(c,
                service.updateDefinition(m.group(1), m.group(2), type, body(c), "true".equalsIgnoreCase(c.queryIgnoreCase("updateMetadata")))));
    }

    private void route(String method, String pattern, Handler handler) {
        routes.add(new Route(method, Pattern.compile("^" + pattern + "/?$"), handler));
    }

    /** Handles a request whose path (after {@code /v1}) is {@code path}. Errors become ErrorResponse bodies. */
    public void handle(HttpCall call, String path) throws IOException {
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.pattern.matcher(path);
            if (m.matches()) {
                pathKnown = true;
                if (r.method.equals(call.method())) {
                    r.handler.handle(call, m);
                    return;
                }
            }
        }
        if (pathKnown) {
            throw new FabricError(405, "MethodNotAllowed", "The requested method is not allowed for this resource");
        }
        throw new FabricError(404, "EntityNotFound", "The requested resource was not found");
    }

    private static JsonNode body(HttpCall call) throws IOException {
        try {
            JsonNode body = call.jsonBody();
            if (!body.isObject()) {
                throw FabricError.badRequest("The request body is missing or is not a JSON object.");
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw FabricError.badRequest("The request body is not valid JSON.");
        }
    }

    private void created(HttpCall call, FabricService.Outcome outcome) throws IOException {
        if (outcome.operationId() == null && outcome.body() != null) {
            call.header("Location", apiUrl + "/workspaces/" + outcome.body().path("workspaceId").asText() + "/items/" + outcome.body().path("id").asText());
        }
        outcome(call, outcome);
    }

    private void outcome(HttpCall call, FabricService.Outcome outcome) throws IOException {
        if (outcome.operationId() != null) {
            call.header("Location", apiUrl + "/operations/" + outcome.operationId());
            call.header("x-ms-operation-id", outcome.operationId());
            call.header("Retry-After", Integer.toString(service.settings().retryAfterSeconds));
            call.header("Content-Type", "application/json; charset=utf-8");
            call.respondEmpty(202);
        } else if (outcome.body() == null) {
            call.respondEmpty(outcome.status());
        } else {
            call.respondJson(outcome.status(), outcome.body());
        }
    }

    private void page(HttpCall call, List<JsonNode> all, String key) throws IOException {
        pageOf(call, all, key, service.settings().pageSize);
    }

    /** One page of {@code all}; continuationToken/continuationUri only when more follow. */
    private void pageOf(HttpCall call, List<JsonNode> all, String key, int pageSize) throws IOException {
        int offset = 0;
        String token = call.queryIgnoreCase("continuationToken");
        if (token != null && !token.isEmpty()) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                if (!decoded.startsWith("o,")) {
                    throw new IllegalArgumentException();
                }
                offset = Integer.parseInt(decoded.substring(2));
            } catch (IllegalArgumentException e) {
                throw new FabricError(400, "InvalidContinuationToken", "The continuation token is invalid");
            }
        }
        ObjectNode body = HttpCall.JSON.createObjectNode();
        var value = body.putArray(key);
        int end = Math.min(all.size(), offset + pageSize);
        for (int i = offset; i < end; i++) {
            value.add(all.get(i));
        }
        if (end < all.size()) {
            String next = Base64.getUrlEncoder().withoutPadding().encodeToString(("o," + end).getBytes(StandardCharsets.UTF_8));
            StringBuilder uri = new StringBuilder(apiUrl).append(call.rawPath().substring(call.rawPath().indexOf("/v1") + 3)).append('?');
            for (Map.Entry<String, String> q : call.query().entrySet()) {
                if (!q.getKey().equalsIgnoreCase("continuationToken")) {
                    uri.append(PercentCodec.encode(q.getKey())).append('=').append(PercentCodec.encode(q.getValue())).append('&');
                }
            }
            uri.append("continuationToken=").append(next);
            body.put("continuationToken", next);
            body.put("continuationUri", uri.toString());
        }
        call.respondJson(200, body);
    }
}
