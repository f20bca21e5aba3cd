package io.weft.fabric.client;

import io.weft.fabric.client.item.DefinitionPart;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.item.ItemDefinition;
import io.weft.fabric.client.lakehouse.Lakehouse;
import io.weft.fabric.client.lakehouse.LoadTableRequest;
import io.weft.fabric.client.lakehouse.Table;
import io.weft.fabric.client.onelake.UploadFile;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Fabric side of a graph scenario, as the provisioner does it: resolve the workspace by name, create a lakehouse,
 * upload CSVs to OneLake, load them as tables, create an ontology with its definition and read it back. Run against
 * the emulator to record, and against the recording to replay: the same calls either way.
 */
final class GraphScenario {

    static final String WORKSPACE = "Graph Scenario WS";
    static final byte[] CUSTOMERS = "id,name\n1,Ada\n2,Grace\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] ORDERS = "id;customer\n10;1\n11;2\n".getBytes(StandardCharsets.UTF_8);
    static final String ONTOLOGY = "{\"entityTypes\":[{\"name\":\"Customer\"}]}";

    private GraphScenario() {
    }

    static void run(FabricClient client) {
        String workspaceId = client.workspaces().resolve(WORKSPACE).id();
        Lakehouse lakehouse = client.lakehouses().create(workspaceId, "Bronze", null, false, ProgressListener.NONE);
        client.oneLake().upload(workspaceId, lakehouse.id() + "/Files/raw", List.of(
                UploadFile.fromStream("customers.csv", () -> new ByteArrayInputStream(CUSTOMERS), CUSTOMERS.length),
                UploadFile.fromStream("orders.csv", () -> new ByteArrayInputStream(ORDERS), ORDERS.length)), p -> { });
        client.lakehouses().loadTable(workspaceId, lakehouse.id(), "customers",
                LoadTableRequest.csvFile("Files/raw/customers.csv", LoadTableRequest.Mode.Overwrite, true, ","), ProgressListener.NONE);
        client.lakehouses().loadTable(workspaceId, lakehouse.id(), "orders",
                LoadTableRequest.csvFile("Files/raw/orders.csv", LoadTableRequest.Mode.Overwrite, true, ";"), ProgressListener.NONE);
        assertThat(client.lakehouses().listTables(workspaceId, lakehouse.id())).extracting(Table::name)
                .containsExactlyInAnyOrder("customers", "orders");
        FabricItem ontology = client.ontologies().create(workspaceId, "Customers", null,
                ItemDefinition.of(null, DefinitionPart.inline("definition.json", ONTOLOGY)), ProgressListener.NONE);
        ItemDefinition definition = client.ontologies().getDefinition(workspaceId, ontology.id(), ProgressListener.NONE);
        assertThat(definition.part("definition.json")).isPresent();
        assertThat(client.graphModels().list(workspaceId)).isNotNull();
    }
}
