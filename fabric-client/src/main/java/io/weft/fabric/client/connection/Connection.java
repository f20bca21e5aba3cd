package io.weft.fabric.client.connection;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A Fabric connection (no credentials: Fabric never returns them).
 *
 * @param connectivityType e.g. {@code ShareableCloud}, {@code OnPremisesGateway}
 * @param connectionDetails what it connects to: type (e.g. {@code SQL}) and path (e.g. {@code server;database})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Connection(String id, String displayName, String connectivityType, String gatewayId, Details connectionDetails) {

    /** Fabric's {@code connectionDetails}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Details(String type, String path) {
    }
}
