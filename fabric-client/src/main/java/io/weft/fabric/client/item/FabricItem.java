package io.weft.fabric.client.item;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A Fabric item as lists and creates return it (ontology, graph model, semantic model, ...). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FabricItem(String id, String type, String displayName, String description, String workspaceId, String folderId) {
}
