package io.weft.contracts.command;

import java.time.Instant;
import java.util.List;

/**
 * Run a Fabric item's job on demand (a Data Pipeline, a notebook or a Spark job definition) and follow the job
 * instance to its end.
 *
 * @param jobId         the job this command starts
 * @param workspace     the Fabric workspace, GUID or display name
 * @param itemId        the item's GUID; when absent, {@code itemName} and {@code itemType} find it
 * @param itemName      the item's display name (with {@code itemType}) when {@code itemId} is absent
 * @param itemType      {@code DataPipeline}, {@code Notebook} or {@code SparkJobDefinition}
 * @param jobType       Fabric's job type; when absent, the item type's own ({@code Pipeline}, {@code RunNotebook},
 *                      {@code sparkjob})
 * @param parameters    the run's parameters, or none; checked against the item type before any call
 * @param budgetSeconds how long the run may take in all before Weft cancels it and the job ends TIMED_OUT; absent
 *                      for the worker's default
 * @param requestedAt   when the request was accepted
 * @param requestedBy who asked for it (the gateway's authenticated caller), or null when not known
 */
public record RunItemJob(String jobId, String workspace, String itemId, String itemName, String itemType, String jobType,
        List<ItemJobParameter> parameters, Long budgetSeconds, Instant requestedAt, Requester requestedBy) implements ProvisionCommand {

    /** Without a requester (tests, and producers that do not say). */
    public RunItemJob(String jobId, String workspace, String itemId, String itemName, String itemType, String jobType,
            List<ItemJobParameter> parameters, Long budgetSeconds, Instant requestedAt) {
        this(jobId, workspace, itemId, itemName, itemType, jobType, parameters, budgetSeconds, requestedAt, null);
    }

    public RunItemJob {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }
}
