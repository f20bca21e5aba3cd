package io.weft.deployer.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.contracts.command.DefinitionPart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads and rewrites the {@code .platform} part. With {@code updateMetadata=true} Fabric applies its
 * {@code displayName} and {@code description} to the model, so a {@code .platform} still naming the folder's
 * original model would rename a dev model back to the base name, or a prod model to whatever the author's
 * copy says. Stamping the deployment's final name into it keeps the name the command asked for.
 */
public final class PlatformMetadata {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlatformMetadata() {
    }

    /** The description the author wrote in {@code .platform}, if any. */
    public static Optional<String> description(PackagedDefinition definition) {
        return platform(definition).map(node -> node.path("metadata").path("description"))
                .filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    /**
     * The definition with {@code .platform}'s {@code metadata.displayName} and {@code metadata.description}
     * set; unchanged when it has no {@code .platform} (nothing else would rename the model then).
     */
    public static PackagedDefinition stamp(PackagedDefinition definition, String displayName, String description) {
        Optional<JsonNode> platform = platform(definition);
        if (platform.isEmpty()) {
            return definition;
        }
        ObjectNode root = (ObjectNode) platform.get().deepCopy();
        ObjectNode metadata = root.path("metadata").isObject() ? (ObjectNode) root.get("metadata") : root.putObject("metadata");
        metadata.put("type", "SemanticModel");
        metadata.put("displayName", displayName);
        metadata.put("description", description);
        String payload;
        try {
            payload = Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<DefinitionPart> parts = definition.parts().stream()
                .map(p -> p.path().equals(DefinitionPackager.PLATFORM) ? new DefinitionPart(p.path(), payload) : p)
                .toList();
        return new PackagedDefinition(definition.format(), parts, definition.tables(), definition.totalBytes());
    }

    private static Optional<JsonNode> platform(PackagedDefinition definition) {
        return definition.parts().stream().filter(p -> p.path().equals(DefinitionPackager.PLATFORM)).findFirst()
                .map(p -> {
                    try {
                        JsonNode node = JSON.readTree(Base64.getDecoder().decode(p.payload()));
                        return node != null && node.isObject() ? node : null;
                    } catch (IOException e) {
                        return null; // the packager already refused a .platform that is not JSON
                    }
                });
    }
}
