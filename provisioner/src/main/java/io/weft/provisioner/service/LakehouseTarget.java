package io.weft.provisioner.service;

/** Where a scenario goes: the resolved workspace and the lakehouse found or created in it. */
public record LakehouseTarget(String workspaceId, String workspaceName, String lakehouseId, String lakehouseName) {
}
