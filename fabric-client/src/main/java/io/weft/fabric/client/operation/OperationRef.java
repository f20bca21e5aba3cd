package io.weft.fabric.client.operation;

import java.net.URI;

/**
 * A long-running operation Fabric accepted: its id and the URL its state is polled at.
 *
 * @param operationId {@code x-ms-operation-id}, or the last segment of the state URL
 * @param stateUrl    the {@code Location} (or {@code /operations/{operationId}}), already checked against the host allow-list
 */
public record OperationRef(String operationId, URI stateUrl) {
}
