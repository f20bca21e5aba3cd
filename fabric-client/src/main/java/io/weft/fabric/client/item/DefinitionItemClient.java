package io.weft.fabric.client.item;

import io.weft.fabric.client.ProgressListener;
import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.operation.OperationPoller;

import java.util.List;
import java.util.Optional;

/**
 * The calls Fabric offers alike for every item type with a definition (ontologies, graph models, semantic models):
 * list, find by name over all pages, get, create (waiting when Fabric answers 202), get and update the definition,
 * delete. Each type's client adds what is its own.
 */
public abstract class DefinitionItemClient {

    private final ItemApi<FabricItem> items;

    /** @param collection the item type's path segment under the workspace, e.g. {@code ontologies} */
    protected DefinitionItemClient(FabricHttp http, OperationPoller poller, String collection) {
        this.items = new ItemApi<>(http, poller, collection, FabricItem.class);
    }

    public List<FabricItem> list(String workspaceId) {
        return items.list(workspaceId);
    }

    public Optional<FabricItem> findByName(String workspaceId, String displayName) {
        return items.findByName(workspaceId, displayName, FabricItem::displayName);
    }

    public FabricItem get(String workspaceId, String itemId) {
        return items.get(workspaceId, itemId);
    }

    /** Creates the item ({@code definition} may be null where the type allows), waiting if Fabric answers 202. */
    public FabricItem create(String workspaceId, String displayName, String description, ItemDefinition definition,
            ProgressListener listener) {
        return items.create(workspaceId, new ItemApi.CreateItemRequest(displayName, description, definition), displayName,
                FabricItem::displayName, listener);
    }

    /** The definition in Fabric's default format. */
    public ItemDefinition getDefinition(String workspaceId, String itemId, ProgressListener listener) {
        return getDefinition(workspaceId, itemId, null, listener);
    }

    /** Replaces the whole definition with {@code updateMetadata=true}, so a {@code .platform} part is applied too. */
    public void updateDefinition(String workspaceId, String itemId, ItemDefinition definition, ProgressListener listener) {
        items.updateDefinition(workspaceId, itemId, definition, true, listener);
    }

    public void delete(String workspaceId, String itemId) {
        items.delete(workspaceId, itemId);
    }

    /** The definition in {@code format} (null: Fabric's default), for the types that have several. */
    protected ItemDefinition getDefinition(String workspaceId, String itemId, String format, ProgressListener listener) {
        return items.getDefinition(workspaceId, itemId, format, listener);
    }
}
