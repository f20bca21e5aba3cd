package io.weft.fabric.client.item;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.weft.fabric.client.ClientErrorCodes;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.ProgressListener;
import io.weft.fabric.client.http.FabricCall;
import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.http.FabricResponse;
import io.weft.fabric.client.operation.OperationPoller;

import java.util.List;
import java.util.Optional;

/**
 * The operations every typed Fabric item collection shares ({@code /workspaces/{workspaceId}/<collection>}):
 * list (all pages), find by display name, get, create (201 or 202), get and update definition, delete.
 */
public final class ItemApi<T> {

    private final FabricHttp http;
    private final OperationPoller poller;
    private final String collection;
    private final Class<T> type;

    public ItemApi(FabricHttp http, OperationPoller poller, String collection, Class<T> type) {
        this.http = http;
        this.poller = poller;
        this.collection = collection;
        this.type = type;
    }

    private String itemsPath() {
        return "/workspaces/{workspaceId}/" + collection;
    }

    private String itemPath() {
        return itemsPath() + "/{itemId}";
    }

    public List<T> list(String workspaceId) {
        return http.listAll(FabricCall.get(itemsPath(), workspaceId), "value", type);
    }

    /** Fabric display names are unique per workspace and type, compared case-insensitively. */
    public Optional<T> findByName(String workspaceId, String displayName, java.util.function.Function<T, String> name) {
        return list(workspaceId).stream().filter(i -> displayName.equalsIgnoreCase(name.apply(i))).findFirst();
    }

    public T get(String workspaceId, String itemId) {
        return http.read(FabricCall.get(itemPath(), workspaceId, itemId), type);
    }

    /**
     * Creates the item and waits if Fabric answers 202. When the operation has no result body the created item is
     * looked up by name.
     */
    public T create(String workspaceId, Object request, String displayName, java.util.function.Function<T, String> name,
            ProgressListener listener) {
        Optional<FabricResponse> body = poller.execute(FabricCall.post(itemsPath(), request, workspaceId), listener);
        if (body.isPresent()) {
            return http.parse(body.get(), type);
        }
        return findByName(workspaceId, displayName, name).orElseThrow(() -> new FabricException(ClientErrorCodes.NOT_FOUND,
                "Fabric reported " + collection + " '" + displayName + "' created but it is not listed", null, 0, true, null));
    }

    public ItemDefinition getDefinition(String workspaceId, String itemId, String format, ProgressListener listener) {
        FabricCall call = FabricCall.post(itemPath() + "/getDefinition", null, workspaceId, itemId).query("format", format);
        FabricResponse body = poller.execute(call, listener).orElseThrow(() -> new FabricException(
                ClientErrorCodes.UNEXPECTED_RESPONSE, "Fabric returned no definition for " + collection + " " + itemId, null, 0,
                false, null));
        JsonNode json = http.json(body);
        return http.mapper().convertValue(json.path("definition"), ItemDefinition.class);
    }

    public void updateDefinition(String workspaceId, String itemId, ItemDefinition definition, boolean updateMetadata,
            ProgressListener listener) {
        FabricCall call = FabricCall.post(itemPath() + "/updateDefinition", new DefinitionEnvelope(definition), workspaceId, itemId);
        if (updateMetadata) {
            call = call.query("updateMetadata", "true");
        }
        poller.execute(call, listener);
    }

    public void delete(String workspaceId, String itemId) {
        http.send(FabricCall.delete(itemPath(), workspaceId, itemId));
    }

    /** Deletes the item; {@code hardDelete} skips the workspace's recycle bin (the spec's {@code ?hardDelete=true}). */
    public void delete(String workspaceId, String itemId, boolean hardDelete) {
        http.send(FabricCall.delete(itemPath(), workspaceId, itemId).query("hardDelete", hardDelete ? "true" : null));
    }

    /** Body of updateDefinition. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DefinitionEnvelope(ItemDefinition definition) {
    }

    /** Body of a create with an optional definition. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateItemRequest(String displayName, String description, ItemDefinition definition) {
    }
}
