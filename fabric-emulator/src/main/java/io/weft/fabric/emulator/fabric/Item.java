package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An item (lakehouse, semantic model, ontology, graph model, SQL endpoint, ...) in the emulator's memory. */
final class Item {
    final String id;
    final String workspaceId;
    final String type;
    volatile String displayName;
    volatile String description;
    /** Invisible until its create operation completes; the name is reserved meanwhile. */
    volatile boolean visible;
    final Instant createdAt;
    /** The folder the item was created in; null at the workspace root. */
    volatile String folderId;
    /** The sensitivity label's id; null when the item has none. */
    volatile String sensitivityLabelId;

    // definition-based items
    volatile String definitionFormat;
    volatile ArrayNode definitionParts;

    // lakehouse
    volatile boolean schemasEnabled;
    volatile Instant sqlEndpointReadyAt;
    volatile String sqlEndpointId;
    final Map<String, TableInfo> tables = new LinkedHashMap<>();

    // ontology
    volatile Instant graphModelDueAt;
    volatile String graphModelId;

    Item(String id, String workspaceId, String type, String displayName, String description, Instant createdAt) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.type = type;
        this.displayName = displayName;
        this.description = description;
        this.createdAt = createdAt;
    }
}
