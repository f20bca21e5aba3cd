package io.weft.fabric.emulator.onelake;

import io.weft.fabric.emulator.fabric.FabricService;
import io.weft.fabric.emulator.http.HttpCall;

import java.io.IOException;

/** OneLake DFS and blob-style calls. */
public final class OneLakeHandler {

    private final FabricService service;
    private final OneLakeStore store;

    public OneLakeHandler(FabricService service, OneLakeStore store) {
        this.service = service;
        this.store = store;
    }

    public void handle(HttpCall call, String path) throws IOException {
        error(call, path, 501, "NotImplemented", "Not implemented yet");
    }

    /** A storage error: x-ms-error-code header plus a JSON (DFS) or XML (blob-style) body; no body for HEAD. */
    public void error(HttpCall call, String path, int status, String code, String message) throws IOException {
        call.header("x-ms-error-code", code);
        boolean dfs = call.query().containsKey("resource") || call.query().containsKey("action") || call.query().containsKey("mode")
                || "PATCH".equals(call.method()) || ("PUT".equals(call.method()) && !call.query().containsKey("restype"))
                || "DELETE".equals(call.method()) && !call.query().containsKey("restype");
        if ("HEAD".equals(call.method())) {
            call.respondEmpty(status);
        } else if (dfs) {
            call.respondJson(status, HttpCall.JSON.createObjectNode().set("error",
                    HttpCall.JSON.createObjectNode().put("code", code).put("message", message)));
        } else {
            call.header("Content-Type", "application/xml");
            String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>"
                    + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error>";
            call.respondBytes(status, xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
