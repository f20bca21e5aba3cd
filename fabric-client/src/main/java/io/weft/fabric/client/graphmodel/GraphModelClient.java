package io.weft.fabric.client.graphmodel;

import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.item.DefinitionItemClient;
import io.weft.fabric.client.operation.OperationPoller;

/** Graph models (Fabric IQ), which Fabric builds for an ontology: list, find, get, and their definitions. */
public class GraphModelClient extends DefinitionItemClient {

    public GraphModelClient(FabricHttp http, OperationPoller poller) {
        super(http, poller, "graphModels");
    }
}
