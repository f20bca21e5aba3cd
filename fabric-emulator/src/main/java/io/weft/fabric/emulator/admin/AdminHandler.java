package io.weft.fabric.emulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.Fault;
import io.weft.fabric.emulator.fabric.FabricService;
import io.weft.fabric.emulator.fabric.RuntimeSettings;
import io.weft.fabric.emulator.fabric.WorkspaceAccess;
import io.weft.fabric.emulator.http.HttpCall;

import java.io.IOException;
import java.time.Duration;

/**
 * {@code /_emulator/...}: faults ({@code GET|POST|DELETE /faults}, {@code DELETE /faults/{id}}), settings
 * ({@code GET|POST /settings}), {@code GET /state}, {@code POST /reset} (workspaces, items, operations, capacity
 * and role assignments, added capacities, faults). No authentication: it is a test tool.
 */
public final class AdminHandler {

    private final FabricService service;
    private final FaultRegistry faults;
    private final WorkspaceAccess access;
    private final RequestLog requests;

    public AdminHandler(FabricService service, FaultRegistry faults, WorkspaceAccess access, RequestLog requests) {
        this.requests = requests;
        this.service = service;
        this.faults = faults;
        this.access = access;
    }

    public void handle(HttpCall call, String path) throws IOException {
        String method = call.method();
        switch (path) {
            case "/state" -> {
                if ("GET".equals(method)) {
                    call.respondJson(200, service.state());
                    return;
                }
            }
            case "/requests" -> {
                if ("GET".equals(method)) {
                    ArrayNode list = HttpCall.JSON.createArrayNode();
                    requests.entries().forEach(e -> list.addObject().put("at", e.at().toString()).put("method", e.method())
                            .put("path", e.path()).put("status", e.status()));
                    call.respondJson(200, list);
                    return;
                }
                if ("DELETE".equals(method)) {
                    requests.clear();
                    call.respondEmpty(204);
                    return;
                }
            }
            case "/reset" -> {
                if ("POST".equals(method)) {
                    // The same as EmulatorAdmin.reset: capacity and role assignments go with the workspaces.
                    service.reset();
                    access.reset();
                    faults.clear();
                    requests.clear();
                    call.respondEmpty(204);
                    return;
                }
            }
            case "/faults" -> {
                switch (method) {
                    case "GET" -> {
                        ArrayNode list = HttpCall.JSON.createArrayNode();
                        for (FaultRegistry.Listed l : faults.list()) {
                            ObjectNode n = list.addObject().put("id", l.id());
                            n.set("fault", HttpCall.JSON.valueToTree(l.fault()));
                            if (l.remaining() != null) {
                                n.put("remaining", l.remaining());
                            }
                        }
                        call.respondJson(200, HttpCall.JSON.createObjectNode().set("faults", list));
                        return;
                    }
                    case "POST" -> {
                        try {
                            Fault fault = HttpCall.JSON.treeToValue(call.jsonBody(), Fault.class);
                            String id = faults.add(fault);
                            call.respondJson(201, HttpCall.JSON.createObjectNode().put("id", id));
                        } catch (IllegalArgumentException | IOException e) {
                            call.respondJson(400, HttpCall.JSON.createObjectNode().put("error", "Invalid fault: " + e.getMessage()));
                        }
                        return;
                    }
                    case "DELETE" -> {
                        faults.clear();
                        call.respondEmpty(204);
                        return;
                    }
                    default -> {
                    }
                }
            }
            case "/settings" -> {
                RuntimeSettings s = service.settings();
                if ("POST".equals(method)) {
                    JsonNode body = call.jsonBody();
                    if (body.has("longRunningOperations")) {
                        s.longRunningOperations = body.get("longRunningOperations").isNull() ? null : body.get("longRunningOperations").asBoolean();
                    }
                    if (body.has("createStatus")) {
                        // {"Lakehouse": 202}: that type's creates answer 202 from now on; null removes the override
                        var entries = body.get("createStatus").fields();
                        while (entries.hasNext()) {
                            var e = entries.next();
                            String type = e.getKey().toLowerCase(java.util.Locale.ROOT);
                            if (e.getValue().isNull()) {
                                s.createStatus.remove(type);
                            } else {
                                try {
                                    s.createStatus.put(type, io.weft.fabric.emulator.fabric.CreateResponses.checkStatus(e.getKey(), e.getValue().asInt()));
                                } catch (IllegalArgumentException invalid) {
                                    call.respondJson(400, HttpCall.JSON.createObjectNode().put("error", invalid.getMessage()));
                                    return;
                                }
                            }
                        }
                    }
                    if (body.has("operationDurationMillis")) {
                        s.operationDuration = Duration.ofMillis(body.get("operationDurationMillis").asLong());
                        s.fixedTiming = true;
                    }
                    if (body.has("sqlEndpointProvisioningMillis")) {
                        s.sqlEndpointProvisioning = Duration.ofMillis(body.get("sqlEndpointProvisioningMillis").asLong());
                    }
                    if (body.has("graphModelDelayMillis")) {
                        s.graphModelDelay = Duration.ofMillis(body.get("graphModelDelayMillis").asLong());
                    }
                    if (body.has("pageSize") && body.get("pageSize").asInt() > 0) {
                        s.pageSize = body.get("pageSize").asInt();
                    }
                    if (body.has("retryAfterSeconds")) {
                        s.retryAfterSeconds = body.get("retryAfterSeconds").asInt();
                        s.fixedTiming = true;
                    }
                }
                if ("POST".equals(method) || "GET".equals(method)) {
                    var answer = HttpCall.JSON.createObjectNode();
                    answer.set("createStatus", HttpCall.JSON.valueToTree(new java.util.TreeMap<>(s.createStatus)));
                    call.respondJson(200, answer
                            .put("longRunningOperations", s.longRunningOperations)
                            .put("operationDurationMillis", s.operationDuration.toMillis())
                            .put("sqlEndpointProvisioningMillis", s.sqlEndpointProvisioning.toMillis())
                            .put("graphModelDelayMillis", s.graphModelDelay.toMillis())
                            .put("pageSize", s.pageSize)
                            .put("retryAfterSeconds", s.retryAfterSeconds)
                            .put("profile", s.profile.name())
                            .put("timeScale", s.timeScale));
                    return;
                }
            }
            default -> {
                if (path.startsWith("/faults/") && "DELETE".equals(method)) {
                    call.respondEmpty(faults.remove(path.substring("/faults/".length())) ? 204 : 404);
                    return;
                }
                call.respondJson(404, HttpCall.JSON.createObjectNode().put("error", "No admin endpoint " + method + " /_emulator" + path));
                return;
            }
        }
        call.respondJson(405, HttpCall.JSON.createObjectNode().put("error", "Method " + method + " not allowed on /_emulator" + path));
    }
}
