package io.weft.fabric.client.capacity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A capacity the identity can see.
 *
 * @param state {@code Active} or {@code Inactive}; only an active capacity takes workspaces
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Capacity(String id, String displayName, String sku, String region, String state) {

    public boolean active() {
        return "Active".equals(state);
    }
}
