package io.weft.fabric.client.semanticmodel;

import io.weft.fabric.client.ProgressListener;
import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.item.ItemApi;
import io.weft.fabric.client.item.ItemDefinition;
import io.weft.fabric.client.operation.OperationPoller;

import java.util.List;
import java.util.Optional;

/** Semantic models: find by name (all pages), create with a definition, get/update definition. */
public class SemanticModelClient {

    /** Definition formats accepted by getDefinition (case-sensitive). */
    public static final String TMDL = "TMDL";
    public static final String TMSL = "TMSL";

    private final ItemApi<FabricItem> items;

    public SemanticModelClient(FabricHttp http, OperationPoller poller) {
        this.items = new ItemApi<>(http, poller, "semanticModels", FabricItem.class);
    }

    public List<FabricItem> list(String workspaceId) {
        return items.list(workspaceId);
    }

    public Optional<FabricItem> findByName(String workspaceId, String displayName) {
        return items.findByName(workspaceId, displayName, FabricItem::displayName);
    }

    public FabricItem get(String workspaceId, String semanticModelId) {
        return items.get(workspaceId, semanticModelId);
    }

    /** Creates a semantic model (the definition is mandatory), waiting if Fabric answers 202. */
    public FabricItem create(String workspaceId, String displayName, String description, ItemDefinition definition,
            ProgressListener listener) {
        if (definition == null || definition.parts().isEmpty()) {
            throw new IllegalArgumentException("A semantic model needs a definition (definition.pbism and model parts)");
        }
        return items.create(workspaceId, new ItemApi.CreateItemRequest(displayName, description, definition), displayName,
                FabricItem::displayName, listener);
    }

    /** Replaces the definition with {@code updateMetadata=true}, so {@code .platform} metadata is applied too. */
    public void updateDefinition(String workspaceId, String semanticModelId, ItemDefinition definition, ProgressListener listener) {
        items.updateDefinition(workspaceId, semanticModelId, definition, true, listener);
    }

    /** The definition in {@code format} ({@link #TMDL} or {@link #TMSL}; null for Fabric's default, TMDL). */
    public ItemDefinition getDefinition(String workspaceId, String semanticModelId, String format, ProgressListener listener) {
        return items.getDefinition(workspaceId, semanticModelId, format, listener);
    }

    public void delete(String workspaceId, String semanticModelId) {
        items.delete(workspaceId, semanticModelId);
    }
}
