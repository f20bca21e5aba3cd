package io.weft.fabric.client.capacity;

import io.weft.fabric.client.FabricIds;
import io.weft.fabric.client.ClientErrorCodes;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.http.FabricCall;
import io.weft.fabric.client.http.FabricHttp;

import java.util.List;

/** Capacities: list (all pages), get, and resolve by id or display name. */
public class CapacityClient {


    private final FabricHttp http;

    public CapacityClient(FabricHttp http) {
        this.http = http;
    }

    public List<Capacity> list() {
        return http.listAll(FabricCall.get("/capacities"), "value", Capacity.class);
    }

    public Capacity get(String capacityId) {
        return http.read(FabricCall.get("/capacities/{capacityId}", capacityId), Capacity.class);
    }

    /**
     * The capacity whose id (a GUID) or display name (case-insensitive) is {@code idOrName}, looked up in the list
     * either way: the list is what the identity may use.
     *
     * @throws FabricException {@code [NotFound]} when no listed capacity matches
     */
    public Capacity resolve(String idOrName) {
        boolean byId = FabricIds.isGuid(idOrName);
        return list().stream()
                .filter(c -> byId ? idOrName.equalsIgnoreCase(c.id()) : idOrName.equalsIgnoreCase(c.displayName()))
                .findFirst()
                .orElseThrow(() -> new FabricException(ClientErrorCodes.NOT_FOUND, "No capacity "
                        + (byId ? "with id " : "named ") + "'" + idOrName + "' is visible to this identity", null, 404, false, null));
    }
}
