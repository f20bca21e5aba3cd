package io.weft.fabric.client.connection;

import io.weft.fabric.client.FabricIds;
import io.weft.fabric.client.ClientErrorCodes;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.http.FabricCall;
import io.weft.fabric.client.http.FabricHttp;

import java.util.List;

/** Connections: list (all pages), get, and resolve by id or display name. */
public class ConnectionClient {


    private final FabricHttp http;

    public ConnectionClient(FabricHttp http) {
        this.http = http;
    }

    public List<Connection> list() {
        return http.listAll(FabricCall.get("/connections"), "value", Connection.class);
    }

    public Connection get(String connectionId) {
        return http.read(FabricCall.get("/connections/{connectionId}", connectionId), Connection.class);
    }

    /**
     * The connection whose id (a GUID) or display name (case-insensitive) is {@code idOrName}, looked up in the list
     * either way: the list is what the identity may use.
     *
     * @throws FabricException {@code [NotFound]} naming the connection when none matches
     */
    public Connection resolve(String idOrName) {
        boolean byId = FabricIds.isGuid(idOrName);
        return list().stream()
                .filter(c -> byId ? idOrName.equalsIgnoreCase(c.id()) : idOrName.equalsIgnoreCase(c.displayName()))
                .findFirst()
                .orElseThrow(() -> new FabricException(ClientErrorCodes.NOT_FOUND, "No connection "
                        + (byId ? "with id " : "named ") + "'" + idOrName + "' is visible to this identity", null, 404, false, null));
    }
}
