package io.weft.provisioner.ontology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.weft.provisioner.ontology.OntologyDefinition.EntityType;
import io.weft.provisioner.ontology.OntologyDefinition.Part;
import io.weft.provisioner.ontology.OntologyDefinition.Property;
import io.weft.provisioner.ontology.OntologyDefinition.RelationshipType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Builds an ontology definition from a scenario's tables. A pure function: the same tables in the same
 * lakehouse always give the same definition, byte for byte (ids are derived from names, not random), so a
 * redelivered command replaces the definition with an identical one.
 * <ul>
 * <li>One entity type per table, named after it (see {@link OntologyNames}), with a
 * {@code NonTimeSeries} data binding to the lakehouse table (schema {@code dbo}).</li>
 * <li>One property per column, with the value type inferred from the data (see {@link ValueTypeInference}).</li>
 * <li>The key ({@code entityIdParts}): the column named {@code id} (any case), else the first column. Fabric
 * allows only String and BigInt keys, so a key inferred as another type is declared String.</li>
 * <li>The display name property: the String column named {@code name}, else {@code title}, else the key when
 * it is a String; none otherwise.</li>
 * <li>Relationship types: for each non-key column that refers to another table by {@link ReferenceRule}
 * ({@code customer_id} → {@code customers}) and whose value type equals that table's key type, a relationship
 * type {@code <entity>_<column stem>} from the referring entity type to the referred one, contextualized by
 * the referring table (its key column to the source key, the referring column to the target key).</li>
 * </ul>
 */
public final class OntologyBuilder {

    /** The schema of tables in a lakehouse without schemas, as ontology bindings name it. */
    public static final String SOURCE_SCHEMA = "dbo";
    private static final String NAMESPACE = "usertypes";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OntologyBuilder() {
    }

    /**
     * @param workspaceId the workspace of the lakehouse
     * @param lakehouseId the lakehouse holding the tables
     * @param tables      the tables, in the order their entity types should appear
     */
    public static OntologyDefinition build(String workspaceId, String lakehouseId, List<TableProfile> tables) {
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("an ontology needs at least one table");
        }
        Ids ids = new Ids();
        Set<String> typeNames = new HashSet<>();
        List<EntityType> entityTypes = new ArrayList<>();
        Map<String, EntityType> byTableLower = new LinkedHashMap<>();
        for (TableProfile table : tables) {
            EntityType entityType = entityType(table, ids, typeNames);
            entityTypes.add(entityType);
            byTableLower.put(table.table().toLowerCase(Locale.ROOT), entityType);
        }
        List<RelationshipType> relationships = new ArrayList<>();
        for (EntityType source : entityTypes) {
            for (Property property : source.properties()) {
                if (property.id().equals(source.keyPropertyId())) {
                    continue;
                }
                Optional<String> target = ReferenceRule.referencedTable(property.column(), byTableLower);
                if (target.isEmpty()) {
                    continue;
                }
                EntityType referred = byTableLower.get(target.get());
                if (referred.key().type() != property.type()) {
                    continue;
                }
                String stem = property.column().trim().substring(0, property.column().trim().length() - "_id".length());
                String seed = "relationship/" + source.table() + "/" + property.column();
                relationships.add(new RelationshipType(ids.next(seed),
                        OntologyNames.relationshipType(source.name() + "_" + stem, typeNames),
                        source.id(), referred.id(), source.table(), property.column(), referred.table(),
                        guid("contextualization/" + source.table() + "/" + property.column())));
            }
        }
        return new OntologyDefinition(entityTypes, relationships,
                parts(workspaceId, lakehouseId, entityTypes, relationships));
    }

    private static EntityType entityType(TableProfile table, Ids ids, Set<String> typeNames) {
        if (table.columns().isEmpty()) {
            throw new IllegalArgumentException("table " + table.table() + " has no columns");
        }
        int keyIndex = 0;
        for (int i = 0; i < table.columns().size(); i++) {
            if (table.columns().get(i).name().equalsIgnoreCase("id")) {
                keyIndex = i;
                break;
            }
        }
        Set<String> propertyNames = new HashSet<>();
        List<Property> properties = new ArrayList<>();
        String keyId = null;
        for (int i = 0; i < table.columns().size(); i++) {
            TableProfile.Column column = table.columns().get(i);
            ValueType type = column.type();
            if (i == keyIndex && !type.allowedForKey()) {
                type = ValueType.STRING;
            }
            Property property = new Property(ids.next("property/" + table.table() + "/" + column.name()),
                    OntologyNames.property(column.name(), propertyNames), column.name(), type);
            properties.add(property);
            if (i == keyIndex) {
                keyId = property.id();
            }
        }
        return new EntityType(ids.next("entity/" + table.table()), OntologyNames.entityType(table.table(), typeNames),
                table.table(), keyId, properties, guid("binding/" + table.table()));
    }

    private static String displayNamePropertyId(EntityType entityType) {
        for (String wanted : List.of("name", "title")) {
            for (Property property : entityType.properties()) {
                if (property.column().equalsIgnoreCase(wanted) && property.type() == ValueType.STRING) {
                    return property.id();
                }
            }
        }
        return entityType.key().type() == ValueType.STRING ? entityType.keyPropertyId() : null;
    }

    private static List<Part> parts(String workspaceId, String lakehouseId, List<EntityType> entityTypes,
            List<RelationshipType> relationships) {
        List<Part> parts = new ArrayList<>();
        parts.add(new Part("definition.json", "{}".getBytes(StandardCharsets.UTF_8)));
        for (EntityType entityType : entityTypes) {
            parts.add(new Part("EntityTypes/" + entityType.id() + "/definition.json", json(entityTypeJson(entityType))));
            parts.add(new Part("EntityTypes/" + entityType.id() + "/DataBindings/" + entityType.bindingId() + ".json",
                    json(bindingJson(workspaceId, lakehouseId, entityType))));
        }
        Map<String, EntityType> byId = new HashMap<>();
        entityTypes.forEach(e -> byId.put(e.id(), e));
        for (RelationshipType relationship : relationships) {
            parts.add(new Part("RelationshipTypes/" + relationship.id() + "/definition.json", json(relationshipJson(relationship))));
            parts.add(new Part("RelationshipTypes/" + relationship.id() + "/Contextualizations/"
                    + relationship.contextualizationId() + ".json",
                    json(contextualizationJson(workspaceId, lakehouseId, relationship, byId))));
        }
        return parts;
    }

    private static Map<String, Object> entityTypeJson(EntityType entityType) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", entityType.id());
        json.put("namespace", NAMESPACE);
        json.put("baseEntityTypeId", null);
        json.put("name", entityType.name());
        json.put("entityIdParts", List.of(entityType.keyPropertyId()));
        json.put("displayNamePropertyId", displayNamePropertyId(entityType));
        json.put("namespaceType", "Custom");
        json.put("visibility", "Visible");
        List<Map<String, Object>> properties = new ArrayList<>();
        for (Property property : entityType.properties()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", property.id());
            p.put("name", property.name());
            p.put("redefines", null);
            p.put("baseTypeNamespaceType", null);
            p.put("valueType", property.type().fabricName());
            properties.add(p);
        }
        json.put("properties", properties);
        json.put("timeseriesProperties", List.of());
        return json;
    }

    private static Map<String, Object> bindingJson(String workspaceId, String lakehouseId, EntityType entityType) {
        List<Map<String, Object>> propertyBindings = new ArrayList<>();
        for (Property property : entityType.properties()) {
            propertyBindings.add(keyRef(property.column(), property.id()));
        }
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("dataBindingType", "NonTimeSeries");
        configuration.put("propertyBindings", propertyBindings);
        configuration.put("sourceTableProperties", sourceTable(workspaceId, lakehouseId, entityType.table()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", entityType.bindingId());
        json.put("dataBindingConfiguration", configuration);
        return json;
    }

    private static Map<String, Object> relationshipJson(RelationshipType relationship) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("namespace", NAMESPACE);
        json.put("id", relationship.id());
        json.put("name", relationship.name());
        json.put("namespaceType", "Custom");
        json.put("source", Map.of("entityTypeId", relationship.sourceEntityTypeId()));
        json.put("target", Map.of("entityTypeId", relationship.targetEntityTypeId()));
        return json;
    }

    private static Map<String, Object> contextualizationJson(String workspaceId, String lakehouseId,
            RelationshipType relationship, Map<String, EntityType> byId) {
        EntityType source = byId.get(relationship.sourceEntityTypeId());
        EntityType target = byId.get(relationship.targetEntityTypeId());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", relationship.contextualizationId());
        json.put("dataBindingTable", sourceTable(workspaceId, lakehouseId, relationship.sourceTable()));
        json.put("sourceKeyRefBindings", List.of(keyRef(source.key().column(), source.keyPropertyId())));
        json.put("targetKeyRefBindings", List.of(keyRef(relationship.column(), target.keyPropertyId())));
        return json;
    }

    private static Map<String, Object> sourceTable(String workspaceId, String lakehouseId, String table) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sourceType", "LakehouseTable");
        json.put("workspaceId", workspaceId);
        json.put("itemId", lakehouseId);
        json.put("sourceTableName", table);
        json.put("sourceSchema", SOURCE_SCHEMA);
        return json;
    }

    private static Map<String, Object> keyRef(String column, String propertyId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sourceColumnName", column);
        json.put("targetPropertyId", propertyId);
        return json;
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an ontology part", e);
        }
    }

    private static String guid(String seed) {
        return UUID.nameUUIDFromBytes(("weft/" + seed).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Positive int64 ids derived from names, unique within one ontology. */
    private static final class Ids {
        private final Set<String> used = new HashSet<>();

        String next(String seed) {
            for (int salt = 0; ; salt++) {
                long value = hash(seed + (salt == 0 ? "" : "#" + salt)) & Long.MAX_VALUE;
                String id = Long.toString(value);
                if (value != 0 && used.add(id)) {
                    return id;
                }
            }
        }

        private static long hash(String seed) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(("weft/" + seed).getBytes(StandardCharsets.UTF_8));
                long value = 0;
                for (int i = 0; i < Long.BYTES; i++) {
                    value = (value << 8) | (digest[i] & 0xff);
                }
                return value;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
