package io.weft.fabric.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes Fabric and OneLake exchanges to a JSON-lines file, redacted: the one place recordings are made (through
 * {@link RecordingPolicy}) and the one definition of what a recording may contain.
 * <ul>
 * <li>Headers: only those in {@link #KEPT_HEADERS} (so never {@code Authorization}, cookies or keys).</li>
 * <li>Query: SAS parameters ({@code sig}, {@code skoid}, ...) become {@code REDACTED}.</li>
 * <li>JSON bodies: any field whose name looks secret ({@code secret}, {@code password}, {@code key}, {@code token}, ...,
 * except the paging {@code continuationToken}) becomes {@code "REDACTED"}; definition part {@code payload}s become the
 * Base64 of {@code "REDACTED"}. Non-JSON bodies are not recorded, only their length.</li>
 * <li>The configured Fabric and OneLake origins become {@code {fabric}} and {@code {onelake}}; with GUID mapping, each
 * distinct GUID becomes {@code 00000000-0000-0000-0000-00000000000N}, the same one every time it appears.</li>
 * </ul>
 */
public final class ExchangeRecorder implements AutoCloseable {

    public static final String FABRIC_ORIGIN = "{fabric}";
    public static final String ONELAKE_ORIGIN = "{onelake}";
    static final Set<String> KEPT_HEADERS = Set.of("content-type", "location", "retry-after", "x-ms-operation-id", "requestid",
            "etag", "x-ms-public-api-error-code", "x-ms-request-id", "x-ms-version", "x-ms-error-code", "x-ms-continuation",
            "x-ms-resource-type", "x-ms-properties", "content-range", "request-redirected", "home-cluster-uri", "retry-after-ms",
            "x-ms-retry-after-ms");
    private static final Set<String> SAS_PARAMETERS = Set.of("sig", "skoid", "sktid", "skt", "ske", "sks", "skv", "saoid", "suoid",
            "scid", "sdd");
    private static final Pattern SECRET_FIELD = Pattern.compile("(?i).*(secret|password|passwd|pwd|token|key|signature|credential|"
            + "connectionstring|sas).*");
    private static final Set<String> NOT_SECRET = Set.of("continuationtoken");
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final String REDACTED = "REDACTED";
    static final String REDACTED_PAYLOAD = Base64.getEncoder().encodeToString(REDACTED.getBytes(StandardCharsets.UTF_8));

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final boolean mapGuids;
    private final Map<String, String> guids = new LinkedHashMap<>();
    private final Writer out;

    public ExchangeRecorder(Path file, URI apiUrl, URI oneLakeUrl, boolean mapGuids) {
        this.mapGuids = mapGuids;
        origins.put(origin(apiUrl), FABRIC_ORIGIN);
        origins.putIfAbsent(origin(oneLakeUrl), ONELAKE_ORIGIN);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the Fabric recording file " + file + " (weft.fabric.recording.file)", e);
        }
    }

    static String origin(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority();
    }

    /** One exchange as it went over the wire; bodies are null when absent or not JSON. */
    record Exchange(String method, String url, String pathTemplate, Map<String, String> requestHeaders, byte[] requestBody,
            int status, Map<String, String> responseHeaders, byte[] responseBody, long responseLength) {
    }

    /** Redacts and appends one exchange. */
    public synchronized void record(Exchange exchange) {
        ObjectNode line = mapper.createObjectNode();
        line.put("method", exchange.method());
        line.put("url", redactQuery(exchange.url()));
        if (exchange.pathTemplate() != null) {
            line.put("pathTemplate", exchange.pathTemplate());
        }
        line.set("requestHeaders", headers(exchange.requestHeaders()));
        body(line, "requestBody", exchange.requestBody(), -1);
        line.put("status", exchange.status());
        line.set("headers", headers(exchange.responseHeaders()));
        body(line, "body", exchange.responseBody(), exchange.responseLength());
        try {
            out.write(rewrite(mapper.writeValueAsString(line)));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Fabric recording", e);
        }
    }

    private ObjectNode headers(Map<String, String> headers) {
        ObjectNode node = mapper.createObjectNode();
        headers.forEach((name, value) -> {
            if (KEPT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                node.put(name, name.equalsIgnoreCase("location") ? redactQuery(value) : value);
            }
        });
        return node;
    }

    private void body(ObjectNode line, String field, byte[] bytes, long length) {
        if (bytes == null || bytes.length == 0) {
            if (length > 0) {
                line.put(field + "Length", length);
            }
            return;
        }
        try {
            JsonNode json = mapper.readTree(bytes);
            line.set(field, redact(json));
        } catch (IOException notJson) {
            line.put(field + "Length", bytes.length);
        }
    }

    /** Secret-looking fields and definition payloads replaced, recursively. */
    static JsonNode redact(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            var names = object.fieldNames();
            java.util.List<String> fields = new java.util.ArrayList<>();
            names.forEachRemaining(fields::add);
            for (String name : fields) {
                JsonNode value = object.get(name);
                String lower = name.toLowerCase(Locale.ROOT);
                if (value.isValueNode() && !value.isNull() && SECRET_FIELD.matcher(name).matches() && !NOT_SECRET.contains(lower)) {
                    object.set(name, TextNode.valueOf(REDACTED));
                } else if ("payload".equals(lower) && value.isTextual()) {
                    object.set(name, TextNode.valueOf(REDACTED_PAYLOAD));
                } else {
                    redact(value);
                }
            }
        } else if (node.isArray()) {
            node.forEach(ExchangeRecorder::redact);
        }
        return node;
    }

    private static String redactQuery(String url) {
        if (url == null || !url.contains("?")) {
            return url;
        }
        int q = url.indexOf('?');
        StringBuilder out = new StringBuilder(url.substring(0, q + 1));
        String[] params = url.substring(q + 1).split("&");
        for (int i = 0; i < params.length; i++) {
            String p = params[i];
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq);
            out.append(i > 0 ? "&" : "").append(SAS_PARAMETERS.contains(name.toLowerCase(Locale.ROOT)) ? name + "=" + REDACTED : p);
        }
        return out.toString();
    }

    /** Origins to placeholders, then GUIDs to stable placeholders, over the whole line. */
    private String rewrite(String text) {
        for (Map.Entry<String, String> origin : origins.entrySet()) {
            text = text.replace(origin.getKey(), origin.getValue());
        }
        if (!mapGuids) {
            return text;
        }
        Matcher m = GUID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String guid = m.group().toLowerCase(Locale.ROOT);
            String placeholder = guids.computeIfAbsent(guid, g -> String.format("00000000-0000-0000-0000-%012d", guids.size() + 1));
            m.appendReplacement(out, placeholder);
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
