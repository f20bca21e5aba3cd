package io.weft.fabric.client.operation;

/**
 * One observation of a long-running operation.
 *
 * @param operationId     Fabric's {@code x-ms-operation-id}
 * @param status          {@code NotStarted}, {@code Running}, {@code Succeeded}, {@code Failed}, ...
 * @param percentComplete Fabric's {@code percentComplete}, or null when it sent none
 */
public record OperationProgress(String operationId, String status, Integer percentComplete) {
}
