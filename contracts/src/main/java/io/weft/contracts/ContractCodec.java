package io.weft.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns messages into CloudEvent data (JSON) and back, validating incoming data against the type's JSON
 * Schema first, so that a consumer sees either a well-formed record or a {@link ContractViolationException}
 * naming every offending field. Thread-safe.
 */
public final class ContractCodec {

    private static final ContractCodec INSTANCE = new ContractCodec();

    private final ObjectMapper mapper;
    private final Map<MessageType, JsonSchema> schemas = new EnumMap<>(MessageType.class);

    private ContractCodec() {
        mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Fields added within a version must not break older consumers; the schema has the final word.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (MessageType type : MessageType.values()) {
            try (InputStream in = MessageType.class.getResourceAsStream(type.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("missing schema " + type.schemaResource());
                }
                schemas.put(type, factory.getSchema(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static ContractCodec get() {
        return INSTANCE;
    }

    /** The mapper used for message data: ISO-8601 instants, nulls omitted. */
    public ObjectMapper mapper() {
        return mapper;
    }

    public byte[] encode(WeftMessage message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + message.getClass().getSimpleName(), e);
        }
    }

    /** Decodes CloudEvent data of the given type, after validating it against the type's schema. */
    public WeftMessage decode(String ceType, byte[] data) {
        MessageType type = typeOf(ceType);
        JsonNode json = parse(ceType, data);
        List<String> violations = violations(type, json);
        if (!violations.isEmpty()) {
            throw new ContractViolationException(ceType, violations);
        }
        try {
            return mapper.treeToValue(json, type.recordType());
        } catch (JsonProcessingException e) {
            throw new ContractViolationException(ceType, List.of(e.getOriginalMessage()));
        }
    }

    /** Decodes and checks that the message is of the expected kind, e.g. a command for this worker's topic. */
    public <T extends WeftMessage> T decode(String ceType, byte[] data, Class<T> expected) {
        WeftMessage message = decode(ceType, data);
        if (!expected.isInstance(message)) {
            throw new ContractViolationException(ceType,
                    List.of("type '" + ceType + "' is not a " + expected.getSimpleName()));
        }
        return expected.cast(message);
    }

    /**
     * Decodes the data of a CloudEvent read by {@link CloudEventReader}, whichever content mode it came in, and
     * checks that it is of the expected kind.
     */
    public <T extends WeftMessage> T decode(CloudEventEnvelope envelope, Class<T> expected) {
        return decode(envelope.type(), envelope.data(), expected);
    }

    /** The schema violations of a JSON document claimed to be of the given type; empty when it is valid. */
    public List<String> violations(MessageType type, JsonNode json) {
        return schemas.get(type).validate(json).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .collect(Collectors.toList());
    }

    private static MessageType typeOf(String ceType) {
        if (ceType == null || ceType.isBlank()) {
            throw new ContractViolationException(ceType, List.of("ce_type: the CloudEvent type is missing"));
        }
        return MessageType.ofCeType(ceType).orElseThrow(() -> new ContractViolationException(ceType,
                List.of("ce_type: unknown type or version '" + ceType + "'; known types: "
                        + Arrays.stream(MessageType.values()).map(MessageType::ceType).collect(Collectors.joining(", ")))));
    }

    private JsonNode parse(String ceType, byte[] data) {
        if (data == null || data.length == 0) {
            throw new ContractViolationException(ceType, List.of("data: the CloudEvent has no data"));
        }
        try {
            return mapper.readTree(data);
        } catch (IOException e) {
            throw new ContractViolationException(ceType, List.of("data: not valid JSON: " + e.getMessage().lines().findFirst().orElse("")));
        }
    }
}
