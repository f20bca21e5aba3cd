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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Fabric REST surface under {@code /v1}: routes requests to {@link FabricService} and shapes responses. */
public final class FabricApi {

    private static final String ID = "([^/]+)";

    interface Handler {
        void handle(HttpCall call, Matcher path) throws IOException;
    }

    private record Route(String method, Pattern pattern, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final FabricService service;
    private final WorkspaceAccess access;
    private final String apiUrl;
    /** The base of operation Locations: another host when the emulator has an operations listener. */
    private final String operationsUrl;
    private final String homeClusterUri;

    public FabricApi(FabricService service, WorkspaceAccess access, String apiUrl, String operationsUrl) {
        this.service = service;
        this.access = access;
        this.apiUrl = apiUrl;
        this.operationsUrl = operationsUrl;
        this.homeClusterUri = apiUrl.substring(0, apiUrl.length() - "/v1".length()) + "/";
        route("GET", "/workspaces", (c, m) -> page(c, service.workspaces().list(), "value"));
        route("POST", "/workspaces", (c, m) -> {
            ObjectNode w = service.workspaces().create(body(c));
            c.header("Location", apiUrl + "/workspaces/" + w.path("id").asText());
            c.respondJson(201, w);
        });
        route("GET", "/workspaces/" + ID, (c, m) -> c.respondJson(200, access.capacities().describe(service.workspaces().get(m.group(1)))));
        route("DELETE", "/workspaces/" + ID, (c, m) -> {
            service.deleteWorkspace(m.group(1));
            c.respondEmpty(200);
        });

        route("GET", "/workspaces/" + ID + "/items", (c, m) -> page(c, service.items().list(m.group(1), c.queryIgnoreCase("type")), "value"));
        route("POST", "/workspaces/" + ID + "/items", (c, m) -> {
            JsonNode body = body(c);
            created(c, service.items().create(m.group(1), Bodies.text(body, "type", null), body));
        });
        route("GET", "/workspaces/" + ID + "/items/" + ID, (c, m) -> tagged(c, 200, service.items().get(m.group(1), m.group(2), null)));
        route("PATCH", "/workspaces/" + ID + "/items/" + ID, (c, m) -> c.respondJson(200, service.items().update(m.group(1), m.group(2), null, body(c))));
        route("DELETE", "/workspaces/" + ID + "/items/" + ID, (c, m) -> {
            service.items().delete(m.group(1), m.group(2), null);
            c.respondEmpty(200);
        });
        route("POST", "/workspaces/" + ID + "/items/" + ID + "/getDefinition",
                (c, m) -> outcome(c, service.definitions().get(m.group(1), m.group(2), null, c.query("format"))));
        route("POST", "/workspaces/" + ID + "/items/" + ID + "/updateDefinition", (c, m) -> outcome(c,
                service.definitions().update(m.group(1), m.group(2), null, body(c), "true".equalsIgnoreCase(c.queryIgnoreCase("updateMetadata")))));

        access.register(this);

        typed("lakehouses", FabricService.LAKEHOUSE);
        typed("semanticModels", FabricService.SEMANTIC_MODEL);
        typed("ontologies", FabricService.ONTOLOGY);
        typed("graphModels", FabricService.GRAPH_MODEL);
        typed("dataPipelines", ItemJobs.DATA_PIPELINE);
        typed("notebooks", ItemJobs.NOTEBOOK);
        typed("sparkJobDefinitions", ItemJobs.SPARK_JOB_DEFINITION);
        new ItemJobRoutes(service.jobs(), service, apiUrl).register(this);
        service.pipelines().register(this);

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
            pageOf(c, service.tables().list(m.group(1), m.group(2)), "data", Math.min(max, service.settings().pageSize));
        });
        route("POST", "/workspaces/" + ID + "/lakehouses/" + ID + "/tables/" + ID + "/load",
                (c, m) -> outcome(c, service.tables().load(m.group(1), m.group(2), PercentCodec.decode(m.group(3)), body(c))));

        route("GET", "/operations/" + ID, (c, m) -> {
            String id = m.group(1);
            ObjectNode state = service.operations().state(id);
            service.faults().reportedState(c.method(), c.rawPath()).ifPresent(s -> state.put("status", s));
            c.header("x-ms-operation-id", id);
            String reported = state.path("status").asText();
            // a pollState fault's pending state on a finished operation still looks pending: Location + Retry-After
            boolean terminal = Set.of("Succeeded", "Failed", "Cancelled").contains(reported);
            if (service.operations().done(id) && terminal) {
                if ("Succeeded".equals(reported)) {
                    c.header("Location", base(c) + "/operations/" + id + "/result");
                }
            } else {
                c.header("Location", base(c) + "/operations/" + id);
                c.header("Retry-After", Integer.toString(service.operations().retryAfterSeconds(id)));
            }
            c.respondJson(200, state);
        });
        route("GET", "/operations/" + ID + "/result", (c, m) -> c.respondJson(200, service.operations().result(m.group(1))));
    }

    /** Lists, gets, creates, updates, deletes and definitions of one item type under its typed path. */
    private void typed(String collection, String type) {
        String base = "/workspaces/" + ID + "/" + collection;
        route("GET", base, (c, m) -> page(c, service.items().list(m.group(1), type), "value"));
        route("POST", base, (c, m) -> created(c, service.items().create(m.group(1), type, body(c))));
        route("GET", base + "/" + ID, (c, m) -> tagged(c, 200, service.items().get(m.group(1), m.group(2), type)));
        route("PATCH", base + "/" + ID, (c, m) -> c.respondJson(200, service.items().update(m.group(1), m.group(2), type, body(c))));
        route("DELETE", base + "/" + ID, (c, m) -> {
            service.items().delete(m.group(1), m.group(2), type);
            c.respondEmpty(200);
        });
        route("POST", base + "/" + ID + "/getDefinition", (c, m) -> outcome(c, service.definitions().get(m.group(1), m.group(2), type, c.query("format"))));
        route("POST", base + "/" + ID + "/updateDefinition", (c, m) -> outcome(c,
                service.definitions().update(m.group(1), m.group(2), type, body(c), "true".equalsIgnoreCase(c.queryIgnoreCase("updateMetadata")))));
    }

    /**
     * The base of the operation URLs this response names: absolute on the operations host, or {@code /v1} when a
     * relativeUrls fault applies to it.
     */
    private String base(HttpCall call) {
        return service.faults().relativeUrls(call.method(), call.rawPath()) ? "/v1" : operationsUrl;
    }

    void route(String method, String pattern, Handler handler) {
        // Fabric matches paths case-insensitively (/Workspaces/{id}/Items works)
        routes.add(new Route(method, Pattern.compile("^" + pattern + "/?$", Pattern.CASE_INSENSITIVE), handler));
    }

    String apiUrl() {
        return apiUrl;
    }

    /** Handles a request whose path (after {@code /v1}) is {@code path}. Errors become ErrorResponse bodies. */
    public void handle(HttpCall call, String path) throws IOException {
        // every Fabric response says which cluster answered and whether it was redirected there
        call.header("request-redirected", "false");
        call.header("home-cluster-uri", homeClusterUri);
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

    static JsonNode body(HttpCall call) throws IOException {
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

    /** An item create: like Fabric, a 201 carries the item and its ETag but no Location; a 202 its operation. */
    private void created(HttpCall call, Operations.Outcome outcome) throws IOException {
        outcome(call, outcome);
    }

    void outcome(HttpCall call, Operations.Outcome outcome) throws IOException {
        if (outcome.operationId() != null) {
            call.header("Location", base(call) + "/operations/" + outcome.operationId());
            call.header("x-ms-operation-id", outcome.operationId());
            call.header("Retry-After", Integer.toString(service.operations().retryAfterSeconds(outcome.operationId())));
            // Fabric's 202 body is the JSON literal null, not an empty body
            call.respondJson(202, com.fasterxml.jackson.databind.node.NullNode.getInstance());
        } else if (outcome.status() == 201) {
            tagged(call, 201, outcome.body());
        } else if (outcome.body() == null) {
            call.respondEmpty(outcome.status());
        } else {
            call.respondJson(outcome.status(), outcome.body());
        }
    }

    /** Responds with {@code body} and its ETag, as Fabric does on item creates and GETs. */
    private static void tagged(HttpCall call, int status, JsonNode body) throws IOException {
        call.header("ETag", "\"" + Integer.toHexString(body.toString().hashCode()) + "\"");
        call.respondJson(status, body);
    }

    void page(HttpCall call, List<JsonNode> all, String key) throws IOException {
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
            StringBuilder uri = new StringBuilder(service.faults().relativeUrls(call.method(), call.rawPath()) ? "/v1" : apiUrl).append(call.rawPath().substring(call.rawPath().indexOf("/v1") + 3)).append('?');
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
