package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.http.HttpCall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static io.weft.fabric.emulator.fabric.Bodies.text;

/**
 * Item definitions: getDefinition and updateDefinition (operations), the {@code .platform} part's metadata, and the
 * checks the real workloads make when they deserialize a definition.
 */
public final class DefinitionService {

    private final Object lock;
    private final ItemStore items;
    private final Operations operations;
    private final RuntimeSettings settings;
    private final Clock clock;

    DefinitionService(Object lock, ItemStore items, Operations operations, RuntimeSettings settings, Clock clock) {
        this.lock = lock;
        this.items = items;
        this.operations = operations;
        this.settings = settings;
        this.clock = clock;
    }

    public Operations.Outcome get(String workspaceId, String itemId, String expectedType, String format) {
        Item item;
        synchronized (lock) {
            item = items.item(workspaceId, itemId, expectedType);
            if (FabricService.SEMANTIC_MODEL.equals(item.type) && format != null && !format.equals("TMDL") && !format.equals("TMSL")) {
                throw new FabricError(400, "InvalidDefinitionFormat", "Requested item definition format '" + format + "' is invalid.");
            }
        }
        Item target = item;
        return operations.run("GetDefinition", 200, settings.definitionsAreLongRunning(), true, false, () -> {
            synchronized (lock) {
                ObjectNode result = HttpCall.JSON.createObjectNode();
                ObjectNode definition = result.putObject("definition");
                if (target.definitionFormat != null) {
                    definition.put("format", target.definitionFormat);
                }
                definition.set("parts", target.definitionParts == null ? HttpCall.JSON.createArrayNode() : target.definitionParts.deepCopy());
                return result;
            }
        }, () -> {
        });
    }

    public Operations.Outcome update(String workspaceId, String itemId, String expectedType, JsonNode body, boolean updateMetadata) {
        Item item;
        ArrayNode newParts;
        String format;
        synchronized (lock) {
            item = items.item(workspaceId, itemId, expectedType);
            JsonNode definition = body.path("definition");
            if (!definition.isObject()) {
                throw FabricError.badRequest("The Definition field is required.");
            }
            newParts = parts(definition);
            format = text(definition, "format", null);
        }
        Item target = item;
        return operations.run("UpdateDefinition", 200, settings.definitionsAreLongRunning(), false, false, () -> {
            synchronized (lock) {
                validate(target.type, newParts);
                ArrayNode kept = HttpCall.JSON.createArrayNode();
                for (JsonNode part : newParts) {
                    if (".platform".equals(part.path("path").asText())) {
                        if (!updateMetadata) {
                            continue; // the service ignores .platform unless updateMetadata=true
                        }
                        applyPlatform(target, part);
                    }
                    kept.add(part);
                }
                target.definitionParts = kept;
                target.definitionFormat = format;
                if (FabricService.ONTOLOGY.equals(target.type)) {
                    target.graphModelDueAt = clock.instant().plus(settings.scaled(settings.graphModelDelay));
                    items.refresh();
                }
                return null;
            }
        }, () -> {
        });
    }

    private void applyPlatform(Item item, JsonNode part) {
        try {
            JsonNode platform = HttpCall.JSON.readTree(Base64.getDecoder().decode(part.path("payload").asText()));
            String name = platform.path("metadata").path("displayName").asText(null);
            if (name != null && !name.equalsIgnoreCase(item.displayName)) {
                items.checkNameFree(item.workspaceId, item.type, name);
                item.displayName = name;
            } else if (name != null) {
                item.displayName = name;
            }
            String description = platform.path("metadata").path("description").asText(null);
            if (description != null) {
                item.description = description;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new FabricError(400, "Workload_FailedToParseFile", "Failed to parse file '.platform'.");
        }
    }

    static ArrayNode parts(JsonNode definition) {
        JsonNode parts = definition.path("parts");
        if (!parts.isArray()) {
            throw FabricError.badRequest("The Parts field is required.");
        }
        for (JsonNode part : parts) {
            if (!part.path("path").isTextual() || !part.path("payload").isTextual() || !"InlineBase64".equals(part.path("payloadType").asText())) {
                throw FabricError.badRequest("Each definition part needs path, payload and payloadType InlineBase64.");
            }
            try {
                Base64.getDecoder().decode(part.path("payload").asText());
            } catch (IllegalArgumentException e) {
                throw FabricError.badRequest("The payload of part '" + part.path("path").asText() + "' is not valid Base64.");
            }
        }
        return (ArrayNode) parts.deepCopy();
    }

    /** Checks what the real workloads check when they deserialize a definition; failures fail the operation. */
    static void validate(String type, ArrayNode parts) {
        List<String> paths = new ArrayList<>();
        parts.forEach(p -> paths.add(p.path("path").asText()));
        if (FabricService.SEMANTIC_MODEL.equals(type)) {
            if (!paths.contains("definition.pbism")) {
                throw new FabricError(400, "Workload_FailedToParseFile", "The definition is missing the required part 'definition.pbism'.");
            }
            boolean tmsl = paths.contains("model.bim");
            boolean tmdl = paths.stream().anyMatch(p -> p.startsWith("definition/") && p.endsWith(".tmdl"));
            if (tmsl == tmdl) {
                throw new FabricError(400, "Workload_FailedToParseFile", tmsl
                        ? "The definition holds both TMSL (model.bim) and TMDL parts."
                        : "Cannot resolve all the paths while de-serializing Database: the definition has neither model.bim nor definition/*.tmdl parts.");
            }
            if (tmsl) {
                requireJson(parts, "model.bim");
            }
        }
        for (JsonNode part : parts) {
            String path = part.path("path").asText();
            if (path.endsWith(".json") || path.equals(".platform")) {
                requireJson(parts, path);
            }
        }
    }

    private static void requireJson(ArrayNode parts, String path) {
        for (JsonNode part : parts) {
            if (part.path("path").asText().equals(path)) {
                try {
                    HttpCall.JSON.readTree(new String(Base64.getDecoder().decode(part.path("payload").asText()), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new FabricError(400, "Workload_FailedToParseFile", "Failed to parse file '" + path + "'.");
                }
            }
        }
    }
}
