package io.weft.fabric.client.http;

import com.azure.core.http.HttpMethod;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Fabric REST call: the method, the path template (what spans and logs show, never ids) and its values, query
 * parameters, an optional JSON body, or an absolute URL (operation Location, continuationUri).
 */
public record FabricCall(HttpMethod method, String pathTemplate, String path, Map<String, String> query, Object body,
        URI absoluteUrl) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]+}");

    public static FabricCall get(String pathTemplate, String... values) {
        return of(HttpMethod.GET, pathTemplate, null, values);
    }

    public static FabricCall post(String pathTemplate, Object body, String... values) {
        return of(HttpMethod.POST, pathTemplate, body, values);
    }

    public static FabricCall patch(String pathTemplate, Object body, String... values) {
        return of(HttpMethod.PATCH, pathTemplate, body, values);
    }

    public static FabricCall delete(String pathTemplate, String... values) {
        return of(HttpMethod.DELETE, pathTemplate, null, values);
    }

    /** A GET on a URL Fabric handed us, shown in telemetry under {@code pathTemplate}. */
    public static FabricCall absolute(String pathTemplate, URI url) {
        return new FabricCall(HttpMethod.GET, pathTemplate, null, Map.of(), null, url);
    }

    private static FabricCall of(HttpMethod method, String pathTemplate, Object body, String... values) {
        Matcher m = PLACEHOLDER.matcher(pathTemplate);
        StringBuilder path = new StringBuilder();
        int i = 0;
        while (m.find()) {
            if (i >= values.length) {
                throw new IllegalArgumentException("Missing value for " + m.group() + " in " + pathTemplate);
            }
            String value = values[i++];
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(m.group() + " must not be blank in " + pathTemplate);
            }
            m.appendReplacement(path, Matcher.quoteReplacement(encode(value)));
        }
        m.appendTail(path);
        return new FabricCall(method, pathTemplate, path.toString(), Map.of(), body, null);
    }

    public FabricCall query(String name, String value) {
        Map<String, String> q = new LinkedHashMap<>(query);
        if (value != null) {
            q.put(name, value);
        }
        return new FabricCall(method, pathTemplate, path, q, body, absoluteUrl);
    }

    /** The request URL against {@code apiUrl}. */
    public URI resolve(URI apiUrl) {
        String base;
        if (absoluteUrl != null) {
            base = absoluteUrl.toString();
        } else {
            String api = apiUrl.toString();
            base = (api.endsWith("/") ? api.substring(0, api.length() - 1) : api) + path;
        }
        if (query.isEmpty()) {
            return URI.create(base);
        }
        StringBuilder url = new StringBuilder(base).append(base.contains("?") ? '&' : '?');
        query.forEach((k, v) -> url.append(encode(k)).append('=').append(encode(v)).append('&'));
        url.setLength(url.length() - 1);
        return URI.create(url.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
