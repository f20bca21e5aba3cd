package io.weft.contracts.command;

/**
 * Commands on {@code weft.commands.deploy}: deploying a semantic model (optionally refreshing it after) and
 * refreshing one, and promoting a deployment-pipeline stage.
 */
public sealed interface DeployCommand extends WorkspaceCommand permits DeploySemanticModel, RefreshSemanticModel, PromoteStage {
}
