package io.weft.fabric.client.ontology;

import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.item.DefinitionItemClient;
import io.weft.fabric.client.operation.OperationPoller;

/** Ontologies (Fabric IQ): find, create with or without a definition, get and update the definition, delete. */
public class OntologyClient extends DefinitionItemClient {

    public OntologyClient(FabricHttp http, OperationPoller poller) {
        super(http, poller, "ontologies");
    }
}
