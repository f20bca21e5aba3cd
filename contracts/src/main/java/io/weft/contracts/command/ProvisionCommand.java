package io.weft.contracts.command;

/**
 * Commands on {@code weft.commands.provision}, one record each.
 */
public sealed interface ProvisionCommand extends WorkspaceCommand permits ProvisionGraphScenario, ProvisionWorkspace, RunItemJob {
}
