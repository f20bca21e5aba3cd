package io.weft.contracts.command;

import java.time.Instant;

/**
 * Deploy a semantic model from its definition, to a workspace or to a named environment.
 *
 * @param jobId            the job this command starts
 * @param workspace        the Fabric workspace, GUID or display name; null when {@code environment} is given
 * @param modelName        the model's base display name
 * @param mode             dev (timestamped name) or prod (base name)
 * @param confirmOverwrite in prod mode, whether an existing model of that name may be overwritten
 * @param definition       the model's definition
 * @param requestedAt      when the request was accepted
 * @param environment      an environment of the deployer's environments file, instead of {@code workspace}: the job
 *                         takes the workspace, parameters and connection bindings from it; null otherwise
 * @param refreshAfterDeploy when present, the deployed model is refreshed this way as the job's last steps (one job);
 *                         absent: no refresh
 * @param plan             true: a dry run that reads Fabric and reports whether the model would be created, updated (with
 *                         the definition parts that differ), left unchanged or refused, and writes nothing
 * @param requestedBy who asked for it (the gateway's authenticated caller), or null when not known
 */
public record DeploySemanticModel(String jobId, String workspace, String modelName, DeploymentMode mode,
        boolean confirmOverwrite, SemanticModelDefinition definition, Instant requestedAt, String environment,
        SemanticModelRefreshOptions refreshAfterDeploy, boolean plan, Requester requestedBy) implements DeployCommand {

    /** Without a requester (tests, and producers that do not say). */
    public DeploySemanticModel(String jobId, String workspace, String modelName, DeploymentMode mode,
            boolean confirmOverwrite, SemanticModelDefinition definition, Instant requestedAt, String environment,
            SemanticModelRefreshOptions refreshAfterDeploy, boolean plan) {
        this(jobId, workspace, modelName, mode, confirmOverwrite, definition, requestedAt, environment, refreshAfterDeploy, plan, null);
    }

    /** A deployment, not a plan. */
    public DeploySemanticModel(String jobId, String workspace, String modelName, DeploymentMode mode, boolean confirmOverwrite,
            SemanticModelDefinition definition, Instant requestedAt, String environment,
            SemanticModelRefreshOptions refreshAfterDeploy) {
        this(jobId, workspace, modelName, mode, confirmOverwrite, definition, requestedAt, environment, refreshAfterDeploy, false);
    }

    /** A deployment without a refresh after it. */
    public DeploySemanticModel(String jobId, String workspace, String modelName, DeploymentMode mode, boolean confirmOverwrite,
            SemanticModelDefinition definition, Instant requestedAt) {
        this(jobId, workspace, modelName, mode, confirmOverwrite, definition, requestedAt, null, null);
    }

    /**
     * The workspace, or for a deployment to an environment {@code environment:<name>}: the environment's commands
     * are serialized on one partition (its workspace is known only to the deployer, from its environments file).
     */
    @Override
    public String partitionKey() {
        return workspace != null ? workspace : "environment:" + environment;
    }
}
