package io.weft.fabric.client.http;

import com.azure.core.http.HttpHeaders;

import java.net.URI;
import java.util.Optional;

/**
 * A successful Fabric answer, body fully read.
 *
 * @param url the URL the request went to: relative references in the answer ({@code Location},
 *            {@code continuationUri}) resolve against it (RFC 9110 §10.2.2)
 */
public record FabricResponse(int status, HttpHeaders headers, byte[] body, URI url) {

    /**
     * A URL this answer names (a header or body field), resolved against the request URL when relative. Host
     * checking is the caller's: it must go through the allow-list before anything is sent there.
     */
    public URI resolve(String reference) {
        URI uri = URI.create(reference.trim());
        return uri.isAbsolute() || url == null ? uri : url.resolve(uri);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.getValue(name));
    }

    public String requestId() {
        return headers.getValue("RequestId");
    }

    public boolean hasBody() {
        if (body == null || body.length == 0) {
            return false;
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).trim();
        return !text.isEmpty() && !"null".equals(text);
    }
}
