package io.weft.fabric.client.graphmodel;

import io.weft.fabric.client.ProgressListener;
import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.item.ItemApi;
import io.weft.fabric.client.item.ItemDefinition;
import io.weft.fabric.client.operation.OperationPoller;

import java.util.List;
import java.util.Optional;

/** Graph models (Fabric IQ): list, find, get, and their definitions. */
public class GraphModelClient {

    private final ItemApi<FabricItem> items;

    public GraphModelClient(FabricHttp http, OperationPoller poller) {
        this.items = new ItemApi<>(http, poller, "graphModels", FabricItem.class);
    }

    public List<FabricItem> list(String workspaceId) {
        return items.list(workspaceId);
    }

    public Optional<FabricItem> findByName(String workspaceId, String displayName) {
        return items.findByName(workspaceId, displayName, FabricItem::displayName);
    }

    public FabricItem get(String workspaceId, String graphModelId) {
        return items.get(workspaceId, graphModelId);
    }

    public FabricItem create(String workspaceId, String displayName, String description, ItemDefinition definition,
            ProgressListener listener) {
        return items.create(workspaceId, new ItemApi.CreateItemRequest(displayName, description, definition), displayName,
                FabricItem::displayName, listener);
    }

    public ItemDefinition getDefinition(String workspaceId, String graphModelId, ProgressListener listener) {
        return items.getDefinition(workspaceId, graphModelId, null, listener);
    }

    public void updateDefinition(String workspaceId, String graphModelId, ItemDefinition definition, ProgressListener listener) {
        items.updateDefinition(workspaceId, graphModelId, definition, true, listener);
    }
}
