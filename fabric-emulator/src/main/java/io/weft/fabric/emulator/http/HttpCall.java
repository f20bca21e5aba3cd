package io.weft.fabric.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request/response, with the small helpers every handler needs. */
public final class HttpCall {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpExchange exchange;
    private final Map<String, String> query;
    private boolean responded;

    public HttpCall(HttpExchange exchange) {
        this.exchange = exchange;
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    public HttpExchange exchange() {
        return exchange;
    }

    public String method() {
        return exchange.getRequestMethod().toUpperCase();
    }

    /** The raw (still percent-encoded) path. */
    public String rawPath() {
        return exchange.getRequestURI().getRawPath();
    }

    /** Query parameters, decoded; the last value wins. Names are kept as sent. */
    public Map<String, String> query() {
        return query;
    }

    public String query(String name) {
        return query.get(name);
    }

    /** A query parameter looked up case-insensitively, as Fabric does. */
    public String queryIgnoreCase(String name) {
        return query.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    public InputStream body() {
        return exchange.getRequestBody();
    }

    /** Reads a (small) JSON body; an empty body is JSON null. */
    public JsonNode jsonBody() throws IOException {
        byte[] bytes = readSmallBody();
        if (bytes.length == 0) {
            return NullNode.getInstance();
        }
        return JSON.readTree(bytes);
    }

    public String textBody() throws IOException {
        return new String(readSmallBody(), StandardCharsets.UTF_8);
    }

    private byte[] readSmallBody() throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            long total = 0;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > 64L * 1024 * 1024) {
                    throw new IOException("JSON body larger than 64 MiB");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    public HttpCall header(String name, String value) {
        if (value != null) {
            exchange.getResponseHeaders().set(name, value);
        }
        return this;
    }

    public boolean responded() {
        return responded;
    }

    public void respondJson(int status, Object body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        header("Content-Type", "application/json; charset=utf-8");
        respondBytes(status, bytes);
    }

    public void respondBytes(int status, byte[] bytes) throws IOException {
        responded = true;
        if (bytes.length == 0 || "HEAD".equals(method())) {
            if ("HEAD".equals(method()) && bytes.length > 0) {
                header("Content-Length", Long.toString(bytes.length));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Sends headers for a body of {@code length} bytes that the caller then writes to {@link #responseBody()}. */
    public OutputStream startBody(int status, long length) throws IOException {
        responded = true;
        exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
        return exchange.getResponseBody();
    }

    public void respondEmpty(int status) throws IOException {
        respondBytes(status, new byte[0]);
    }

    public void close() {
        exchange.close();
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            result.put(decodeQuery(name), decodeQuery(value));
        }
        return result;
    }

    private static String decodeQuery(String s) {
        return PercentCodec.decode(s.replace('+', ' '));
    }
}
