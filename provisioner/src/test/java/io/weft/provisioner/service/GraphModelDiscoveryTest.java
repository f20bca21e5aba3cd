package io.weft.provisioner.service;

import io.weft.fabric.client.item.FabricItem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GraphModelDiscoveryTest {

    private static FabricItem graph(String name) {
        return new FabricItem(name + "-id", "GraphModel", name, null, "ws", null);
    }

    @Test
    void prefersTheExactGraphNameThenThePrefix() {
        assertThat(GraphModelDiscovery.match(List.of(graph("retail_ontology_v2"), graph("Retail_Ontology_graph")), "retail_ontology"))
                .map(FabricItem::displayName).contains("Retail_Ontology_graph");
        assertThat(GraphModelDiscovery.match(List.of(graph("other_graph"), graph("retail_ontology_x")), "retail_ontology"))
                .map(FabricItem::displayName).contains("retail_ontology_x");
    }

    @Test
    void ignoresGraphModelsOfOtherOntologies() {
        assertThat(GraphModelDiscovery.match(List.of(graph("retail_ontology2_graph"), graph("retail")), "retail_ontology")).isEmpty();
    }
}
