package io.weft.contracts.command;

import java.time.Instant;

/**
 * Deploy a semantic model from its definition.
 *
 * @param jobId            the job this command starts
 * @param workspace        the Fabric workspace, GUID or display name
 * @param modelName        the model's base display name
 * @param mode             dev (timestamped name) or prod (base name)
 * @param confirmOverwrite in prod mode, whether an existing model of that name may be overwritten
 * @param definition       the model's definition
 * @param requestedAt      when the request was accepted
 */
public record DeploySemanticModel(String jobId, String workspace, String modelName, DeploymentMode mode,
        boolean confirmOverwrite, SemanticModelDefinition definition, Instant requestedAt) implements DeployCommand {
}
