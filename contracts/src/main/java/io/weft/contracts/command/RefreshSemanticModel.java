package io.weft.contracts.command;

import java.time.Instant;

/**
 * Refresh a semantic model (a Power BI dataset) and follow the refresh to its end. A refresh already running for the
 * model is waited for, not collided with.
 *
 * @param jobId       the job this command starts
 * @param workspace   the Fabric workspace, GUID or display name
 * @param modelId     the model's GUID; when absent, {@code modelName} finds it
 * @param modelName   the model's display name when {@code modelId} is absent
 * @param refresh     how to refresh it; absent for an enhanced full refresh of the whole model
 * @param requestedAt when the request was accepted
 * @param requestedBy who asked for it (the gateway's authenticated caller), or null when not known
 */
public record RefreshSemanticModel(String jobId, String workspace, String modelId, String modelName,
        SemanticModelRefreshOptions refresh, Instant requestedAt, Requester requestedBy) implements DeployCommand {

    /** Without a requester (tests, and producers that do not say). */
    public RefreshSemanticModel(String jobId, String workspace, String modelId, String modelName,
            SemanticModelRefreshOptions refresh, Instant requestedAt) {
        this(jobId, workspace, modelId, modelName, refresh, requestedAt, null);
    }

    /** The options to use: the command's, or an enhanced full refresh. */
    public SemanticModelRefreshOptions options() {
        return refresh == null ? SemanticModelRefreshOptions.full() : refresh;
    }
}
