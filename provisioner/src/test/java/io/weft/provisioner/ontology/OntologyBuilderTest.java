package io.weft.provisioner.ontology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.provisioner.ontology.OntologyDefinition.EntityType;
import io.weft.provisioner.ontology.OntologyDefinition.Part;
import io.weft.provisioner.ontology.OntologyDefinition.RelationshipType;
import io.weft.provisioner.ontology.TableProfile.Column;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OntologyBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WS = "6a0f2f3e-1111-4222-8333-944445555666";
    private static final String LH = "0b0c0d0e-aaaa-4bbb-8ccc-dddddddddddd";

    private static final TableProfile CUSTOMERS = new TableProfile("customers", List.of(
            new Column("id", ValueType.BIG_INT), new Column("name", ValueType.STRING), new Column("city", ValueType.STRING)), 3);
    private static final TableProfile ORDERS = new TableProfile("orders", List.of(
            new Column("order_no", ValueType.STRING), new Column("customer_id", ValueType.BIG_INT),
            new Column("Id", ValueType.BIG_INT), new Column("total", ValueType.DOUBLE),
            new Column("ordered at", ValueType.DATE_TIME), new Column("product_id", ValueType.STRING)), 5);
    private static final TableProfile PRODUCTS = new TableProfile("products", List.of(
            new Column("sku", ValueType.STRING), new Column("price", ValueType.DOUBLE)), 2);

    @Test
    void oneEntityTypePerTableWithInferredPropertiesAndKey() throws Exception {
        OntologyDefinition definition = OntologyBuilder.build(WS, LH, List.of(CUSTOMERS, ORDERS, PRODUCTS));

        assertThat(definition.entityTypes()).extracting(EntityType::name).containsExactly("customers", "orders", "products");
        EntityType orders = definition.entityTypes().get(1);
        assertThat(orders.key().column()).as("the id column, in any case, is the key").isEqualTo("Id");
        assertThat(definition.entityTypes().get(2).key().column()).as("else the first column").isEqualTo("sku");
        assertThat(orders.properties()).extracting(OntologyDefinition.Property::name)
                .containsExactly("order_no", "customer_id", "Id", "total", "ordered_at", "product_id");

        JsonNode entity = part(definition, "EntityTypes/" + orders.id() + "/definition.json");
        assertThat(entity.path("name").asText()).isEqualTo("orders");
        assertThat(entity.path("namespace").asText()).isEqualTo("usertypes");
        assertThat(entity.path("entityIdParts")).hasSize(1);
        assertThat(entity.path("entityIdParts").get(0).asText()).isEqualTo(orders.keyPropertyId());
        List<String> valueTypes = new ArrayList<>();
        entity.path("properties").forEach(p -> valueTypes.add(p.path("valueType").asText()));
        assertThat(valueTypes).containsExactly("String", "BigInt", "BigInt", "Double", "DateTime", "String");

        JsonNode customers = part(definition, "EntityTypes/" + definition.entityTypes().get(0).id() + "/definition.json");
        assertThat(customers.path("displayNamePropertyId").asText())
                .isEqualTo(definition.entityTypes().get(0).properties().get(1).id());
    }

    @Test
    void everyEntityTypeIsBoundToItsLakehouseTable() throws Exception {
        OntologyDefinition definition = OntologyBuilder.build(WS, LH, List.of(CUSTOMERS, ORDERS));
        EntityType orders = definition.entityTypes().get(1);

        JsonNode binding = part(definition, "EntityTypes/" + orders.id() + "/DataBindings/" + orders.bindingId() + ".json");
        JsonNode configuration = binding.path("dataBindingConfiguration");
        assertThat(configuration.path("dataBindingType").asText()).isEqualTo("NonTimeSeries");
        assertThat(configuration.path("sourceTableProperties").path("sourceType").asText()).isEqualTo("LakehouseTable");
        assertThat(configuration.path("sourceTableProperties").path("workspaceId").asText()).isEqualTo(WS);
        assertThat(configuration.path("sourceTableProperties").path("itemId").asText()).isEqualTo(LH);
        assertThat(configuration.path("sourceTableProperties").path("sourceTableName").asText()).isEqualTo("orders");
        assertThat(configuration.path("propertyBindings")).hasSize(6);
        assertThat(configuration.path("propertyBindings").get(4).path("sourceColumnName").asText())
                .as("bindings keep the original column name").isEqualTo("ordered at");
    }

    @Test
    void referencingColumnsOfTheKeyTypeBecomeRelationships() throws Exception {
        OntologyDefinition definition = OntologyBuilder.build(WS, LH, List.of(CUSTOMERS, ORDERS, PRODUCTS));

        assertThat(definition.relationshipTypes()).hasSize(2);
        RelationshipType placedBy = definition.relationshipTypes().get(0);
        assertThat(placedBy.name()).isEqualTo("orders_customer");
        assertThat(placedBy.sourceTable()).isEqualTo("orders");
        assertThat(placedBy.targetTable()).isEqualTo("customers");
        RelationshipType product = definition.relationshipTypes().get(1);
        assertThat(product.targetTable()).as("product_id (String) refers to products, keyed by sku (String)").isEqualTo("products");

        JsonNode relationship = part(definition, "RelationshipTypes/" + placedBy.id() + "/definition.json");
        assertThat(relationship.path("source").path("entityTypeId").asText()).isEqualTo(definition.entityTypes().get(1).id());
        assertThat(relationship.path("target").path("entityTypeId").asText()).isEqualTo(definition.entityTypes().get(0).id());

        JsonNode context = part(definition, "RelationshipTypes/" + placedBy.id() + "/Contextualizations/"
                + placedBy.contextualizationId() + ".json");
        assertThat(context.path("dataBindingTable").path("sourceTableName").asText()).isEqualTo("orders");
        assertThat(context.path("sourceKeyRefBindings").get(0).path("sourceColumnName").asText()).isEqualTo("Id");
        assertThat(context.path("sourceKeyRefBindings").get(0).path("targetPropertyId").asText())
                .isEqualTo(definition.entityTypes().get(1).keyPropertyId());
        assertThat(context.path("targetKeyRefBindings").get(0).path("sourceColumnName").asText()).isEqualTo("customer_id");
        assertThat(context.path("targetKeyRefBindings").get(0).path("targetPropertyId").asText())
                .isEqualTo(definition.entityTypes().get(0).keyPropertyId());
    }

    @Test
    void aReferenceOfAnotherTypeThanTheKeyIsAPlainProperty() {
        TableProfile orders = new TableProfile("orders", List.of(new Column("id", ValueType.BIG_INT),
                new Column("customers_id", ValueType.STRING)), 1);

        OntologyDefinition definition = OntologyBuilder.build(WS, LH, List.of(CUSTOMERS, orders));

        assertThat(definition.relationshipTypes()).isEmpty();
        assertThat(definition.entityTypes().get(1).properties()).hasSize(2);
    }

    @Test
    void keysOfOtherTypesAreDeclaredString() {
        TableProfile events = new TableProfile("events", List.of(new Column("at", ValueType.DATE_TIME),
                new Column("what", ValueType.STRING)), 1);

        EntityType entity = OntologyBuilder.build(WS, LH, List.of(events)).entityTypes().get(0);

        assertThat(entity.key().column()).isEqualTo("at");
        assertThat(entity.key().type()).isEqualTo(ValueType.STRING);
    }

    @Test
    void namesAreMadeValidAndUnique() {
        TableProfile odd = new TableProfile("2024_sales", List.of(new Column("id", ValueType.BIG_INT),
                new Column("unit price", ValueType.DOUBLE), new Column("unit_price", ValueType.DOUBLE),
                new Column("1st", ValueType.STRING)), 1);

        EntityType entity = OntologyBuilder.build(WS, LH, List.of(odd)).entityTypes().get(0);

        assertThat(entity.name()).isEqualTo("E_2024_sales");
        assertThat(entity.properties()).extracting(OntologyDefinition.Property::name)
                .containsExactly("id", "unit_price", "unit_price_2", "P_1st");
    }

    @Test
    void idsArePositiveUniqueAndStableAcrossBuilds() {
        OntologyDefinition first = OntologyBuilder.build(WS, LH, List.of(CUSTOMERS, ORDERS, PRODUCTS));
        OntologyDefinition second = OntologyBuilder.build(WS, LH, List.of(CUSTOMERS, ORDERS, PRODUCTS));

        Set<String> ids = new HashSet<>();
        first.entityTypes().forEach(e -> {
            ids.add(e.id());
            e.properties().forEach(p -> ids.add(p.id()));
        });
        first.relationshipTypes().forEach(r -> ids.add(r.id()));
        assertThat(ids).hasSize(3 + 3 + 6 + 2 + 2).allSatisfy(id -> assertThat(Long.parseLong(id)).isPositive());
        assertThat(second.parts()).hasSameSizeAs(first.parts());
        for (int i = 0; i < first.parts().size(); i++) {
            assertThat(second.parts().get(i).path()).isEqualTo(first.parts().get(i).path());
            assertThat(second.parts().get(i).payload()).isEqualTo(first.parts().get(i).payload());
        }
    }

    @Test
    void partsAreTheDocumentedLayout() {
        OntologyDefinition definition = OntologyBuilder.build(WS, LH, List.of(CUSTOMERS, ORDERS, PRODUCTS));

        assertThat(definition.parts()).extracting(Part::path).first().isEqualTo("definition.json");
        assertThat(definition.parts().get(0).payloadBase64()).isEqualTo("e30=");
        assertThat(definition.parts()).extracting(Part::path).filteredOn(p -> p.startsWith("EntityTypes/")).hasSize(6);
        assertThat(definition.parts()).extracting(Part::path).filteredOn(p -> p.startsWith("RelationshipTypes/")).hasSize(4);
    }

    private static JsonNode part(OntologyDefinition definition, String path) throws Exception {
        Part part = definition.parts().stream().filter(p -> p.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no part " + path));
        return JSON.readTree(part.payload());
    }
}
