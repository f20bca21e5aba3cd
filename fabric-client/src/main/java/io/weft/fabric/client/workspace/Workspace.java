package io.weft.fabric.client.workspace;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A Fabric workspace. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Workspace(String id, String displayName, String description, String type, String capacityId) {
}
