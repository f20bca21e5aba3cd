package io.weft.provisioner.ontology;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * An ontology built from a scenario's tables: the structure (for results and tests) and the definition parts
 * sent to Fabric's updateDefinition.
 */
public record OntologyDefinition(List<EntityType> entityTypes, List<RelationshipType> relationshipTypes, List<Part> parts) {

    public OntologyDefinition {
        entityTypes = List.copyOf(entityTypes);
        relationshipTypes = List.copyOf(relationshipTypes);
        parts = List.copyOf(parts);
    }

    /**
     * An entity type, bound to one lakehouse table.
     *
     * @param id            positive int64 as a string, unique in the ontology
     * @param name          the entity type's name
     * @param table         the table it is bound to
     * @param keyPropertyId the property in {@code entityIdParts}
     * @param bindingId     the data binding's GUID
     */
    public record EntityType(String id, String name, String table, String keyPropertyId, List<Property> properties,
            String bindingId) {

        public EntityType {
            properties = List.copyOf(properties);
        }

        /** The key property. */
        public Property key() {
            return properties.stream().filter(p -> p.id().equals(keyPropertyId)).findFirst().orElseThrow();
        }
    }

    /** A property, bound to one column. */
    public record Property(String id, String name, String column, ValueType type) {
    }

    /**
     * A relationship type: rows of {@code sourceTable} whose {@code column} holds a key of {@code targetTable}.
     *
     * @param sourceEntityTypeId the entity type of the table holding the reference
     * @param targetEntityTypeId the entity type referred to
     * @param contextualizationId the GUID of the binding of the relationship to {@code sourceTable}
     */
    public record RelationshipType(String id, String name, String sourceEntityTypeId, String targetEntityTypeId,
            String sourceTable, String column, String targetTable, String contextualizationId) {
    }

    /** One definition part: its path and its JSON payload. */
    public record Part(String path, byte[] payload) {

        /** The payload as Fabric's {@code InlineBase64}. */
        public String payloadBase64() {
            return Base64.getEncoder().encodeToString(payload);
        }

        /** The payload as text, for messages and tests. */
        public String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }
}
