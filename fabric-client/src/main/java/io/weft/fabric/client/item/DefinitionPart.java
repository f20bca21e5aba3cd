package io.weft.fabric.client.item;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** One file of an item definition; {@code payload} is base64 when {@code payloadType} is {@code InlineBase64}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DefinitionPart(String path, String payload, String payloadType) {

    public static final String INLINE_BASE64 = "InlineBase64";

    public static DefinitionPart inline(String path, byte[] content) {
        return new DefinitionPart(path, Base64.getEncoder().encodeToString(content), INLINE_BASE64);
    }

    public static DefinitionPart inline(String path, String content) {
        return inline(path, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The decoded content. */
    public byte[] content() {
        return INLINE_BASE64.equals(payloadType) ? Base64.getDecoder().decode(payload) : payload.getBytes(StandardCharsets.UTF_8);
    }

    public String contentAsString() {
        return new String(content(), StandardCharsets.UTF_8);
    }
}
