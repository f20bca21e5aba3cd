package io.weft.gateway.rest;

import io.weft.contracts.command.ProvisionWorkspace.LakehouseSet;
import io.weft.contracts.command.ProvisionWorkspace.PrincipalEntry;

import java.util.List;

/**
 * A workspace provisioning request as JSON.
 *
 * @param workspace     the workspace's display name (reused when it exists)
 * @param description   the description of a workspace the job creates
 * @param capacity      capacity GUID or display name, optional
 * @param principals    role assignments inline, optional
 * @param principalsCsv a principals file's text ({@code principal_id,role,description,type}), optional
 * @param lakehouses    names, prefix and schemas of the lakehouses; the medallion set when absent
 * @param onFailure     {@code rollback} (default) or {@code keep}
 */
public record WorkspaceRequest(String workspace, String description, String capacity, List<PrincipalEntry> principals,
        String principalsCsv, LakehouseSet lakehouses, String onFailure) {
}
