package io.weft.fabric.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

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

    private final WireExchange exchange;
    private final String rawPath;
    private final Map<String, String> query;
    private boolean responded;
    private int status;
    /** Told the status just before the response starts, so a log has it before the client can see the answer. */
    private java.util.function.IntConsumer onRespond = status -> { };
    /** A byte-level fault for this response: {@code connectionReset} or {@code truncatedBody}; null for none. */
    private String wireFault;

    HttpCall(WireExchange exchange) {
        this.exchange = exchange;
        String target = exchange.uri();
        int fragment = target.indexOf('#');
        if (fragment >= 0) {
            target = target.substring(0, fragment);
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        // an absolute-form request-target (https://host/path) is answered by its path, as any origin server does
        if (path.startsWith("http://") || path.startsWith("https://")) {
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        this.rawPath = path;
        this.query = parseQuery(q < 0 ? null : target.substring(q + 1));
    }

    public String method() {
        return exchange.method().toUpperCase();
    }

    /** The raw (still percent-encoded) path. */
    public String rawPath() {
        return rawPath;
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

    /** A request header, looked up case-insensitively. */
    public String header(String name) {
        return exchange.requestHeader(name);
    }

    /** Every request header, names as sent. */
    public void forEachRequestHeader(java.util.function.BiConsumer<String, String> action) {
        exchange.forEachRequestHeader(action);
    }

    /** A response header set so far, looked up case-insensitively. */
    public String responseHeader(String name) {
        return exchange.responseHeader(name);
    }

    public InputStream body() {
        return exchange.body();
    }

    /** Makes this response break on the wire: {@code connectionReset} or {@code truncatedBody} after half its body. */
    public void wireFault(String kind) {
        this.wireFault = kind;
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
        try (InputStream in = exchange.body()) {
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

    /** Sets a response header; its name goes on the wire exactly as given. */
    public HttpCall header(String name, String value) {
        if (value != null) {
            exchange.header(name, value);
        }
        return this;
    }

    public boolean responded() {
        return responded;
    }

    /** The status sent; 0 before a response started. */
    public int status() {
        return status;
    }

    /** {@code listener} hears the status of this call's response just before it is sent. */
    public void onRespond(java.util.function.IntConsumer listener) {
        this.onRespond = listener;
    }

    public void respondJson(int status, Object body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        header("Content-Type", "application/json; charset=utf-8");
        respondBytes(status, bytes);
    }

    public void respondBytes(int status, byte[] bytes) throws IOException {
        responded = true;
        this.status = status;
        if ("HEAD".equals(method())) {
            onRespond.accept(status);
            if (bytes.length > 0) {
                header("Content-Length", Long.toString(bytes.length));
            } else if (exchange.responseHeader("Content-Length") == null) {
                header("Content-Length", "0");
            }
            exchange.sendHeaders(status, bytes.length);
            exchange.end();
            return;
        }
        try (OutputStream out = startBody(status, bytes.length)) {
            out.write(bytes);
        }
    }

    /**
     * Sends headers for a body of {@code length} bytes that the caller then writes to the returned stream; closing
     * it ends the response. A wire fault on this call cuts the body off after half of it.
     */
    public OutputStream startBody(int status, long length) throws IOException {
        responded = true;
        this.status = status;
        onRespond.accept(status);
        exchange.sendHeaders(status, length);
        OutputStream body = exchange.responseBody();
        if (wireFault == null || length <= 0) {
            return body;
        }
        return new CutOff(body, Math.max(1, length / 2), wireFault, exchange);
    }

    public void respondEmpty(int status) throws IOException {
        respondBytes(status, new byte[0]);
    }

    /** Ends an exchange whose handler did not respond (the server then closes the connection). */
    public void close() {
        // nothing to release: the server reads the next request or closes once the handler returns
    }

    /** A response body that breaks after {@code limit} bytes: a reset, or a clean close short of its length. */
    private static final class CutOff extends OutputStream {
        private final OutputStream out;
        private final String kind;
        private final WireExchange exchange;
        private long left;
        private boolean cut;

        CutOff(OutputStream out, long limit, String kind, WireExchange exchange) {
            this.out = out;
            this.left = limit;
            this.kind = kind;
            this.exchange = exchange;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (cut) {
                return;
            }
            int n = (int) Math.min(len, left);
            out.write(b, off, n);
            left -= n;
            if (left == 0) {
                out.flush();
                cut = true;
                if ("connectionReset".equals(kind)) {
                    exchange.reset();
                } else {
                    exchange.closeEarly();
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (!cut) {
                out.close();
            }
        }
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
