package io.weft.fabric.client.ontology;

import io.weft.fabric.client.ProgressListener;
import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.item.ItemApi;
import io.weft.fabric.client.item.ItemDefinition;
import io.weft.fabric.client.operation.OperationPoller;

import java.util.List;
import java.util.Optional;

/** Ontologies (Fabric IQ): find, create with a definition, get, get and update definition. */
public class OntologyClient {

    private final ItemApi<FabricItem> items;

    public OntologyClient(FabricHttp http, OperationPoller poller) {
        this.items = new ItemApi<>(http, poller, "ontologies", FabricItem.class);
    }

    public List<FabricItem> list(String workspaceId) {
        return items.list(workspaceId);
    }

    public Optional<FabricItem> findByName(String workspaceId, String displayName) {
        return items.findByName(workspaceId, displayName, FabricItem::displayName);
    }

    public FabricItem get(String workspaceId, String ontologyId) {
        return items.get(workspaceId, ontologyId);
    }

    /** Creates an ontology ({@code definition} may be null), waiting if Fabric answers 202. */
    public FabricItem create(String workspaceId, String displayName, String description, ItemDefinition definition,
            ProgressListener listener) {
        return items.create(workspaceId, new ItemApi.CreateItemRequest(displayName, description, definition), displayName,
                FabricItem::displayName, listener);
    }

    public ItemDefinition getDefinition(String workspaceId, String ontologyId, ProgressListener listener) {
        return items.getDefinition(workspaceId, ontologyId, null, listener);
    }

    /** Replaces the whole definition; {@code updateMetadata=true} so a {@code .platform} part is applied. */
    public void updateDefinition(String workspaceId, String ontologyId, ItemDefinition definition, ProgressListener listener) {
        items.updateDefinition(workspaceId, ontologyId, definition, true, listener);
    }

    public void delete(String workspaceId, String ontologyId) {
        items.delete(workspaceId, ontologyId);
    }
}
