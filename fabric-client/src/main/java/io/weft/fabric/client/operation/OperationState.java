package io.weft.fabric.client.operation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/** Fabric's {@code OperationState} ({@code GET /operations/{operationId}}); timestamps kept as sent. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperationState(String status, String createdTimeUtc, String lastUpdatedTimeUtc, Integer percentComplete,
        JsonNode error) {
}
