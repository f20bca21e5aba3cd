package io.weft.gateway.rest;

import io.weft.contracts.command.ItemJobParameter;

import java.util.List;

/**
 * An on-demand run of a Fabric item's job, as JSON.
 *
 * @param workspace     the Fabric workspace, GUID or display name
 * @param itemId        the item's GUID, or absent when {@code itemName} names it
 * @param itemName      the item's display name (with {@code itemType})
 * @param itemType      {@code DataPipeline}, {@code Notebook} or {@code SparkJobDefinition}
 * @param jobType       Fabric's job type; the item type's own when absent
 * @param parameters    typed parameters ({@code name}, {@code type}, {@code value}) as Fabric takes them
 * @param budgetSeconds how long the run may take before it is cancelled (TIMED_OUT); the worker's default when absent
 */
public record RunRequest(String workspace, String itemId, String itemName, String itemType, String jobType,
        List<ItemJobParameter> parameters, Long budgetSeconds) {
}
