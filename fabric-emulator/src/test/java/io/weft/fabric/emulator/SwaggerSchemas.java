package io.weft.fabric.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The official Swagger 2.0 files (copied under test resources) turned into standalone JSON Schemas: {@code $ref}s
 * across files are inlined, Swagger-only keywords dropped. Two deliberate relaxations, both from recorded real
 * traffic (see the module README): optional properties may be explicit {@code null}, and {@code date-time} is not
 * format-checked because the service writes timestamps without a zone suffix.
 */
final class SwaggerSchemas {

    static final Path ROOT;

    static {
        try {
            ROOT = Path.of(SwaggerSchemas.class.getResource("/fabric-rest-api-specs/LICENSE.txt").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private final Map<Path, JsonNode> documents = new HashMap<>();

    JsonNode document(Path file) {
        return documents.computeIfAbsent(onDisk(file.normalize()), f -> {
            try {
                return EmulatorClients.JSON.readTree(Files.readAllBytes(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The file as it is named on disk: the spec was written on a case-insensitive file system
     * (deploymentPipelines.json refers to {@code ../../Common/definitions.json}, the folder is {@code common}).
     */
    private static Path onDisk(Path file) {
        if (Files.exists(file) || file.getParent() == null) {
            return file;
        }
        Path parent = onDisk(file.getParent());
        try (var siblings = Files.list(parent)) {
            String name = file.getFileName().toString();
            return siblings.filter(p -> p.getFileName().toString().equalsIgnoreCase(name)).findFirst().orElse(parent.resolve(name));
        } catch (IOException e) {
            return parent.resolve(file.getFileName());
        }
    }

    /** Resolves a node that may be a {@code $ref}, returning the target and the file it lives in. */
    Located deref(Path file, JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            int hash = ref.indexOf('#');
            String filePart = hash < 0 ? ref : ref.substring(0, hash);
            String pointer = hash < 0 ? "" : ref.substring(hash + 1);
            Path target = filePart.isEmpty() ? file : onDisk(file.getParent().resolve(filePart).normalize());
            node = document(target).at(pointer);
            file = target;
            if (node.isMissingNode()) {
                throw new IllegalStateException("Unresolvable $ref " + ref + " in " + file);
            }
        }
        return new Located(file, node);
    }

    record Located(Path file, JsonNode node) {
    }

    /** Errors of {@code instance} against {@code schemaNode} (located in {@code file}). */
    Set<ValidationMessage> validate(Path file, JsonNode schemaNode, JsonNode instance) {
        JsonNode standalone = inline(file, schemaNode, 0);
        JsonSchema schema = FACTORY.getSchema(standalone);
        return schema.validate(instance);
    }

    private JsonNode inline(Path file, JsonNode node, int depth) {
        if (depth > 40) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (node.isObject() && node.has("$ref")) {
            Located target = deref(file, node);
            return inline(target.file(), target.node(), depth + 1);
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(inline(file, n, depth + 1)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String key = e.getKey();
            if (key.startsWith("x-ms-") || key.equals("discriminator") || key.equals("example") || key.equals("readOnly")
                    || (key.equals("format") && e.getValue().isTextual() && e.getValue().asText().equals("date-time"))
                    || (key.equals("type") && e.getValue().isTextual() && e.getValue().asText().equals("file"))) {
                // Swagger's "file" (an opaque body, e.g. /operations/{id}/result) has no JSON Schema counterpart: any body passes
                continue;
            }
            if (key.equals("properties") && e.getValue().isObject()) {
                Set<String> required = new HashSet<>();
                node.path("required").forEach(r -> required.add(r.asText()));
                ObjectNode props = out.putObject("properties");
                e.getValue().fields().forEachRemaining(p -> {
                    JsonNode inlined = inline(file, p.getValue(), depth + 1);
                    if (!required.contains(p.getKey())) {
                        ObjectNode nullable = JsonNodeFactory.instance.objectNode();
                        nullable.putArray("anyOf").add(inlined).add(JsonNodeFactory.instance.objectNode().put("type", "null"));
                        inlined = nullable;
                    }
                    props.set(p.getKey(), inlined);
                });
                continue;
            }
            out.set(key, inline(file, e.getValue(), depth + 1));
        }
        return out;
    }

    static String describe(Set<ValidationMessage> errors) {
        return String.join("\n", errors.stream().map(ValidationMessage::getMessage).toList());
    }

    static List<String> messages(Set<ValidationMessage> errors) {
        return errors.stream().map(ValidationMessage::getMessage).toList();
    }
}
