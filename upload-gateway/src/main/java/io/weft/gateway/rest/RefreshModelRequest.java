package io.weft.gateway.rest;

import io.weft.contracts.command.SemanticModelRefreshOptions;

/**
 * A semantic model refresh, as JSON.
 *
 * @param workspace the Fabric workspace, GUID or display name
 * @param modelId   the model's GUID, or absent when {@code modelName} names it
 * @param modelName the model's display name
 * @param refresh   how to refresh it (type, commitMode, maxParallelism, retryCount, objects, timeout, budgetSeconds, or
 *                  {@code standard: true}); absent for an enhanced full refresh
 */
public record RefreshModelRequest(String workspace, String modelId, String modelName, SemanticModelRefreshOptions refresh) {
}
