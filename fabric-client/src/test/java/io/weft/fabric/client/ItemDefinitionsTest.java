package io.weft.fabric.client;

import io.weft.fabric.client.item.DefinitionPart;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.item.ItemDefinition;
import io.weft.fabric.client.semanticmodel.SemanticModelClient;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.fabric.FabricEmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Semantic models, ontologies and graph models: create with definitions, get and update definitions. */
@ExtendWith(FabricEmulatorExtension.class)
class ItemDefinitionsTest {

    private FabricEmulator emulator;
    private FabricClient client;
    private String workspaceId;

    @BeforeEach
    void setUp(FabricEmulator emulator) {
        this.emulator = emulator;
        emulator.admin().reset();
        emulator.admin().longRunningOperations(true).retryAfterSeconds(1).operationDuration(Duration.ofMillis(300)).pageSize(2);
        client = FabricClient.create(EmulatorSettings.of(emulator));
        workspaceId = emulator.admin().createWorkspace("Models WS");
    }

    static ItemDefinition tmdl(String table) {
        return ItemDefinition.of("TMDL",
                DefinitionPart.inline("definition.pbism", "{\"version\":\"4.0\",\"settings\":{}}"),
                DefinitionPart.inline("definition/database.tmdl", "database\n\tcompatibilityLevel: 1550\n"),
                DefinitionPart.inline("definition/tables/" + table + ".tmdl", "table " + table + "\n"));
    }

    @Test
    void semanticModelLifecycle() {
        SemanticModelClient models = client.semanticModels();
        for (int i = 0; i < 4; i++) {
            models.create(workspaceId, "filler-" + i, null, tmdl("T" + i), ProgressListener.NONE);
        }
        FabricItem sales = models.create(workspaceId, "Sales", "sales model", tmdl("Orders"), ProgressListener.NONE);
        assertThat(sales.type()).isEqualTo("SemanticModel");

        assertThat(models.findByName(workspaceId, "Sales")).map(FabricItem::id).contains(sales.id());

        ItemDefinition definition = models.getDefinition(workspaceId, sales.id(), SemanticModelClient.TMDL, ProgressListener.NONE);
        assertThat(definition.part("definition/tables/Orders.tmdl")).map(DefinitionPart::contentAsString).contains("table Orders\n");

        String platform = "{\"metadata\":{\"type\":\"SemanticModel\",\"displayName\":\"Sales v2\"},\"config\":{\"version\":\"2.0\"}}";
        ItemDefinition updated = ItemDefinition.of("TMDL", tmdl("Customers").parts().toArray(DefinitionPart[]::new));
        updated = new ItemDefinition("TMDL", java.util.stream.Stream.concat(updated.parts().stream(),
                java.util.stream.Stream.of(DefinitionPart.inline(".platform", platform))).toList());
        models.updateDefinition(workspaceId, sales.id(), updated, ProgressListener.NONE);

        assertThat(models.get(workspaceId, sales.id()).displayName()).as(".platform applied: updateMetadata=true").isEqualTo("Sales v2");
        assertThat(models.getDefinition(workspaceId, sales.id(), null, ProgressListener.NONE).part("definition/tables/Customers.tmdl"))
                .isPresent();
    }

    @Test
    void aDefinitionFabricCannotParseFailsTheOperationWithItsDetails() {
        ItemDefinition broken = ItemDefinition.of("TMDL", DefinitionPart.inline("definition.pbism", "{}"));
        assertThatThrownBy(() -> client.semanticModels().create(workspaceId, "Broken", null, broken, ProgressListener.NONE))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("Workload_FailedToParseFile");
                    assertThat(e.getMessage()).startsWith("[Workload_FailedToParseFile] Cannot resolve all the paths");
                    assertThat(e.requestId()).isNotBlank();
                    assertThat(e.retriable()).isFalse();
                });
    }

    @Test
    void ontologyDefinitionAndItsGraphModel() {
        ItemDefinition ontology = ItemDefinition.of(null,
                DefinitionPart.inline("definition.json", "{}"),
                DefinitionPart.inline("EntityTypes/1001/definition.json", "{\"id\":\"1001\",\"name\":\"Customer\"}"));
        FabricItem created = client.ontologies().create(workspaceId, "Retail", null, ontology, ProgressListener.NONE);
        assertThat(client.ontologies().findByName(workspaceId, "retail")).map(FabricItem::id).contains(created.id());
        assertThat(client.ontologies().get(workspaceId, created.id()).displayName()).isEqualTo("Retail");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(client.graphModels().findByName(workspaceId, "Retail_graph")).isPresent());
        assertThat(client.graphModels().list(workspaceId)).extracting(FabricItem::type).containsOnly("GraphModel");

        ItemDefinition more = new ItemDefinition(null, java.util.stream.Stream.concat(ontology.parts().stream(),
                java.util.stream.Stream.of(DefinitionPart.inline("EntityTypes/1002/definition.json", "{\"id\":\"1002\"}"))).toList());
        client.ontologies().updateDefinition(workspaceId, created.id(), more, ProgressListener.NONE);
        assertThat(client.ontologies().getDefinition(workspaceId, created.id(), ProgressListener.NONE).parts())
                .extracting(DefinitionPart::path).contains("EntityTypes/1002/definition.json");
    }
}
