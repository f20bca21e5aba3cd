package io.weft.fabric.client.http;

import com.azure.core.http.HttpHeaders;

import java.util.Optional;

/** A successful Fabric answer, body fully read. */
public record FabricResponse(int status, HttpHeaders headers, byte[] body) {

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
