package io.weft.provisioner.ontology;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceRuleTest {

    private static final Map<String, Object> TABLES = Map.of("customers", 1, "categories", 1, "boxes", 1, "staff", 1);

    @Test
    void pluralAndSingularStemsReferToTheTable() {
        assertThat(ReferenceRule.referencedTable("customers_id", TABLES)).contains("customers");
        assertThat(ReferenceRule.referencedTable("customer_id", TABLES)).contains("customers");
        assertThat(ReferenceRule.referencedTable("Customer_ID", TABLES)).contains("customers");
        assertThat(ReferenceRule.referencedTable("category_id", TABLES)).contains("categories");
        assertThat(ReferenceRule.referencedTable("box_id", TABLES)).contains("boxes");
        assertThat(ReferenceRule.referencedTable("staff_id", TABLES)).contains("staff");
    }

    @Test
    void otherColumnsReferToNothing() {
        assertThat(ReferenceRule.referencedTable("id", TABLES)).isEmpty();
        assertThat(ReferenceRule.referencedTable("_id", TABLES)).isEmpty();
        assertThat(ReferenceRule.referencedTable("supplier_id", TABLES)).isEmpty();
        assertThat(ReferenceRule.referencedTable("customers", TABLES)).isEmpty();
        assertThat(ReferenceRule.referencedTable("customerid", TABLES)).isEmpty();
    }
}
