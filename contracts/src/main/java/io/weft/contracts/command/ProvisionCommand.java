package io.weft.contracts.command;

/**
 * Commands on {@code weft.commands.provision}. Provisioning a workspace and running an item job will join
 * this hierarchy as their own records.
 */
public sealed interface ProvisionCommand extends WorkspaceCommand permits ProvisionGraphScenario {
}
