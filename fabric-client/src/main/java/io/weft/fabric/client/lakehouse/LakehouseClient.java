package io.weft.fabric.client.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weft.fabric.client.ProgressListener;
import io.weft.fabric.client.http.FabricCall;
import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.item.ItemApi;
import io.weft.fabric.client.operation.OperationPoller;

import java.util.List;
import java.util.Optional;

/** Lakehouses: find, create (schemas disabled unless asked), get, list, list tables, load a table and wait. */
public class LakehouseClient {

    private final FabricHttp http;
    private final OperationPoller poller;
    private final ItemApi<Lakehouse> items;

    public LakehouseClient(FabricHttp http, OperationPoller poller) {
        this.http = http;
        this.poller = poller;
        this.items = new ItemApi<>(http, poller, "lakehouses", Lakehouse.class);
    }

    public Optional<Lakehouse> findByName(String workspaceId, String displayName) {
        return items.findByName(workspaceId, displayName, Lakehouse::displayName);
    }

    public List<Lakehouse> list(String workspaceId) {
        return items.list(workspaceId);
    }

    public Lakehouse get(String workspaceId, String lakehouseId) {
        return items.get(workspaceId, lakehouseId);
    }

    /**
     * Creates a lakehouse, waiting if Fabric answers 202. Schemas stay disabled unless {@code enableSchemas}: Load
     * Table and List Tables reject schema-enabled lakehouses.
     */
    public Lakehouse create(String workspaceId, String displayName, String description, boolean enableSchemas,
            ProgressListener listener) {
        CreateLakehouseRequest request = new CreateLakehouseRequest(displayName, description,
                enableSchemas ? new CreationPayload(true) : null);
        return items.create(workspaceId, request, displayName, Lakehouse::displayName, listener);
    }

    public Lakehouse create(String workspaceId, String displayName) {
        return create(workspaceId, displayName, null, false, ProgressListener.NONE);
    }

    public void delete(String workspaceId, String lakehouseId) {
        items.delete(workspaceId, lakehouseId);
    }

    /** Deletes the lakehouse, past the recycle bin when {@code hardDelete}. */
    public void delete(String workspaceId, String lakehouseId, boolean hardDelete) {
        items.delete(workspaceId, lakehouseId, hardDelete);
    }

    /** Every table, following continuation across pages ({@code data} array, 100 per page). */
    public List<Table> listTables(String workspaceId, String lakehouseId) {
        return http.listAll(FabricCall.get("/workspaces/{workspaceId}/lakehouses/{lakehouseId}/tables", workspaceId, lakehouseId)
                .query("maxResults", "100"), "data", Table.class);
    }

    /** Starts Load Table (always a long-running operation) and waits for it to finish. */
    public void loadTable(String workspaceId, String lakehouseId, String tableName, LoadTableRequest request,
            ProgressListener listener) {
        poller.execute(FabricCall.post("/workspaces/{workspaceId}/lakehouses/{lakehouseId}/tables/{tableName}/load", request,
                workspaceId, lakehouseId, tableName), listener);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreateLakehouseRequest(String displayName, String description, CreationPayload creationPayload) {
    }

    record CreationPayload(boolean enableSchemas) {
    }
}
