package io.weft.fabric.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official examples of the operations a contract test says the emulator serves, one {@link Case} per example,
 * shared by the contract tests so that they enumerate, map and check the spec the same way.
 */
final class SpecCases {

    private SpecCases() {
    }

    /** One example of one operation. */
    record Case(String spec, String path, String method, JsonNode operation, String example) {

        String operationId() {
            return operation.path("operationId").asText();
        }

        Path specFile() {
            return SwaggerSchemas.ROOT.resolve(spec);
        }

        /** The example document: its parameters and its responses. */
        JsonNode exampleDocument(SwaggerSchemas schemas) {
            return schemas.document(specFile().getParent().resolve(example));
        }

        @Override
        public String toString() {
            return operationId() + " / " + example;
        }
    }

    /** Every example of every served operation; {@code served}: swagger file → operationIds. */
    static List<Case> of(SwaggerSchemas schemas, Map<String, List<String>> served) {
        List<Case> cases = new ArrayList<>();
        served.forEach((spec, operationIds) -> {
            JsonNode swagger = schemas.document(SwaggerSchemas.ROOT.resolve(spec));
            swagger.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
                JsonNode op = m.getValue();
                if (operationIds.contains(op.path("operationId").asText())) {
                    op.path("x-ms-examples").forEach(ex -> cases.add(new Case(spec, p.getKey(), m.getKey().toUpperCase(), op, ex.path("$ref").asText())));
                }
            }));
        });
        return cases;
    }

    /** Fails when a served operation has no example to replay (it would go untested). */
    static void assertEveryServedOperationHasExamples(SwaggerSchemas schemas, Map<String, List<String>> served) {
        List<String> withExamples = of(schemas, served).stream().map(Case::operationId).distinct().toList();
        served.values().forEach(ids -> assertThat(withExamples).containsAll(ids));
    }

    /** Fails with the schema errors when {@code instance} does not match {@code schema}. */
    static void validate(SwaggerSchemas schemas, Path specFile, JsonNode schema, JsonNode instance) {
        var errors = schemas.validate(specFile, schema, instance);
        assertThat(errors).as("schema errors for %s:%n%s", instance, SwaggerSchemas.describe(errors)).isEmpty();
    }
}
