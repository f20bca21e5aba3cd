package io.weft.fabric.client.semanticmodel;

import io.weft.fabric.client.ProgressListener;
import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.item.DefinitionItemClient;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.item.ItemDefinition;
import io.weft.fabric.client.operation.OperationPoller;

/**
 * Semantic models: find by name (all pages), create with a definition, get (TMDL or TMSL) and update it, delete,
 * and bind a data source to a connection.
 */
public class SemanticModelClient extends DefinitionItemClient {

    /** Definition formats accepted by getDefinition (case-sensitive). */
    public static final String TMDL = "TMDL";
    public static final String TMSL = "TMSL";

    private final FabricHttp http;

    public SemanticModelClient(FabricHttp http, OperationPoller poller) {
        super(http, poller, "semanticModels");
        this.http = http;
    }

    /** Creates a semantic model (the definition is mandatory), waiting if Fabric answers 202. */
    @Override
    public FabricItem create(String workspaceId, String displayName, String description, ItemDefinition definition,
            ProgressListener listener) {
        if (definition == null || definition.parts().isEmpty()) {
            throw new IllegalArgumentException("A semantic model needs a definition (definition.pbism and model parts)");
        }
        return super.create(workspaceId, displayName, description, definition, listener);
    }

    /** The definition in {@code format} ({@link #TMDL} or {@link #TMSL}; null for Fabric's default, TMDL). */
    @Override
    public ItemDefinition getDefinition(String workspaceId, String semanticModelId, String format, ProgressListener listener) {
        return super.getDefinition(workspaceId, semanticModelId, format, listener);
    }

    /**
     * Binds one data source of the model to a connection ({@code POST .../bindConnection}, 200, no operation).
     *
     * @param connectivityType the binding's connectivity type, or null for Fabric to take the connection's own
     */
    public void bindConnection(String workspaceId, String semanticModelId, String connectionId, String connectivityType,
            String dataSourceType, String dataSourcePath) {
        java.util.Map<String, Object> binding = new java.util.LinkedHashMap<>();
        binding.put("id", connectionId);
        if (connectivityType != null) {
            binding.put("connectivityType", connectivityType);
        }
        binding.put("connectionDetails", java.util.Map.of("type", dataSourceType, "path", dataSourcePath));
        http.send(io.weft.fabric.client.http.FabricCall.post("/workspaces/{workspaceId}/semanticModels/{semanticModelId}/bindConnection",
                java.util.Map.of("connectionBinding", binding), workspaceId, semanticModelId));
    }
}
