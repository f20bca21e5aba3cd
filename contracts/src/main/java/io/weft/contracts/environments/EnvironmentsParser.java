package io.weft.contracts.environments;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The one reader of environments files (YAML, or JSON, which is YAML too). It validates the file against
 * {@code weft-environments.schema.json}, then checks what a schema cannot say, and reports every problem at once,
 * each with its JSON path: an environment named twice, a deployment pipeline stage used by two environments, a
 * replacement scoped to an unknown environment, a parameter a replacement uses but some environment in its scope
 * does not define, a malformed glob, regular expression or JSONPath, a model's data source bound twice in one
 * environment. Thread-safe.
 */
public final class EnvironmentsParser {

    /** Classpath location of the file's JSON Schema (draft 2020-12). */
    public static final String SCHEMA_RESOURCE = "/io/weft/contracts/schemas/weft-environments.schema.json";

    /** Larger files are refused unread: an environments file is a page of settings, not a data set. */
    public static final int MAX_BYTES = 1024 * 1024;

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final JsonSchema schema;

    public EnvironmentsParser() {
        try (InputStream in = EnvironmentsParser.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing schema " + SCHEMA_RESOURCE);
            }
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and validates a file. @throws InvalidEnvironmentsException with every problem found */
    public Environments read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidEnvironmentsException(file.toString(),
                        List.of("$: the file has more than " + MAX_BYTES + " bytes"));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidEnvironmentsException(file.toString(), List.of("$: cannot read the file: " + e));
        }
        return parse(bytes, file.toString());
    }

    /** Validates the content of a file named {@code source} in problems. @throws InvalidEnvironmentsException */
    public Environments parse(byte[] content, String source) {
        if (content.length > MAX_BYTES) {
            throw new InvalidEnvironmentsException(source, List.of("$: the file has more than " + MAX_BYTES + " bytes"));
        }
        JsonNode root;
        try {
            root = YAML.readTree(content);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "$" : "line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new InvalidEnvironmentsException(source, List.of(where + ": not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidEnvironmentsException(source, List.of("$: the file is empty"));
        }
        List<String> problems = schema.validate(root).stream().map(ValidationMessage::getMessage).sorted()
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        if (!problems.isEmpty()) {
            // The cross-checks below assume the shape the schema guarantees.
            throw new InvalidEnvironmentsException(source, problems);
        }
        Environments environments = toRecords(root);
        crossCheck(environments, problems);
        if (!problems.isEmpty()) {
            throw new InvalidEnvironmentsException(source, problems);
        }
        return environments;
    }

    private static void crossCheck(Environments file, List<String> problems) {
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> stages = new HashMap<>();
        List<Environment> environments = file.environments();
        for (int i = 0; i < environments.size(); i++) {
            Environment environment = environments.get(i);
            Integer earlier = names.putIfAbsent(environment.name().toLowerCase(Locale.ROOT), i);
            if (earlier != null) {
                problems.add("$.environments[" + i + "].name: environment '" + environment.name()
                        + "' is already defined at $.environments[" + earlier + "]");
            }
            if (environment.stage() != null) {
                Integer stageOwner = stages.putIfAbsent(environment.stage().toLowerCase(Locale.ROOT), i);
                if (stageOwner != null) {
                    problems.add("$.environments[" + i + "].stage: stage '" + environment.stage() + "' is already used by environment '"
                            + environments.get(stageOwner).name() + "'; one stage holds one environment's workspace");
                }
            }
            Map<String, Integer> bound = new HashMap<>();
            for (int c = 0; c < environment.connections().size(); c++) {
                ConnectionBinding binding = environment.connections().get(c);
                String key = (binding.model() + "\u0000" + binding.dataSourceType() + "\u0000" + binding.dataSourcePath())
                        .toLowerCase(Locale.ROOT);
                Integer first = bound.putIfAbsent(key, c);
                if (first != null) {
                    problems.add("$.environments[" + i + "].connections[" + c + "]: model '" + binding.model() + "' data source "
                            + binding.dataSourceType() + " '" + binding.dataSourcePath() + "' is already bound at $.environments["
                            + i + "].connections[" + first + "]");
                }
            }
        }
        for (Replacement replacement : file.replacements()) {
            String at = "$.replacements[" + replacement.index() + "]";
            for (int e = 0; e < replacement.environments().size(); e++) {
                String name = replacement.environments().get(e);
                if (file.find(name).isEmpty()) {
                    problems.add(at + ".environments[" + e + "]: unknown environment '" + name + "'; the file defines "
                            + String.join(", ", file.names()));
                }
            }
            for (int i = 0; i < environments.size(); i++) {
                Environment environment = environments.get(i);
                boolean inScope = replacement.environments().isEmpty()
                        || replacement.environments().stream().anyMatch(environment.name()::equalsIgnoreCase);
                if (inScope && environment.parameter(replacement.parameter()).isEmpty()) {
                    problems.add(at + ".parameter: parameter '" + replacement.parameter() + "' is not defined in environment '"
                            + environment.name() + "' ($.environments[" + i + "].parameters)");
                }
            }
            try {
                new PartGlob(replacement.files());
            } catch (IllegalArgumentException e) {
                problems.add(at + ".files: not a valid glob: " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (replacement.regex()) {
                try {
                    Pattern.compile(replacement.find());
                } catch (PatternSyntaxException e) {
                    problems.add(at + ".find: not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
                }
            }
            if (replacement.jsonPath() != null) {
                try {
                    JsonPath.compile(replacement.jsonPath());
                } catch (InvalidPathException | IllegalArgumentException e) {
                    problems.add(at + ".jsonPath: not a valid JSONPath: " + e.getMessage());
                }
            }
        }
    }

    private static Environments toRecords(JsonNode root) {
        List<Environment> environments = new ArrayList<>();
        for (JsonNode node : root.path("environments")) {
            Map<String, ParameterValue> parameters = new LinkedHashMap<>();
            node.path("parameters").fields().forEachRemaining(field -> parameters.put(field.getKey(),
                    field.getValue().isTextual() ? ParameterValue.literal(field.getValue().asText())
                            : ParameterValue.fromEnv(field.getValue().path("fromEnv").asText())));
            List<ConnectionBinding> connections = new ArrayList<>();
            for (JsonNode binding : node.path("connections")) {
                connections.add(new ConnectionBinding(binding.path("model").asText(), binding.path("dataSource").path("type").asText(),
                        binding.path("dataSource").path("path").asText(), binding.path("connection").asText(),
                        text(binding, "connectivityType")));
            }
            environments.add(new Environment(node.path("name").asText(), node.path("workspace").asText(), text(node, "capacity"),
                    text(node, "stage"), parameters, connections));
        }
        List<Replacement> replacements = new ArrayList<>();
        int index = 0;
        for (JsonNode node : root.path("replacements")) {
            replacements.add(new Replacement(index++, text(node, "description"), node.path("files").asText(), text(node, "find"),
                    node.path("regex").asBoolean(false), text(node, "jsonPath"), node.path("parameter").asText(),
                    node.path("optional").asBoolean(false), strings(node.path("models")), strings(node.path("environments"))));
        }
        return new Environments(environments, replacements);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
