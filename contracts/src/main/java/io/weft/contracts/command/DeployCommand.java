package io.weft.contracts.command;

/**
 * Commands on {@code weft.commands.deploy}. Refreshing a semantic model and promoting a deployment-pipeline
 * stage will join this hierarchy as their own records.
 */
public sealed interface DeployCommand extends WorkspaceCommand permits DeploySemanticModel {
}
