package io.weft.contracts.command;

/**
 * Commands on {@code weft.commands.deploy}: deploying a semantic model (optionally refreshing it after) and
 * refreshing one. Promoting a deployment-pipeline stage will join this hierarchy as its own record.
 */
public sealed interface DeployCommand extends WorkspaceCommand permits DeploySemanticModel, RefreshSemanticModel {
}
