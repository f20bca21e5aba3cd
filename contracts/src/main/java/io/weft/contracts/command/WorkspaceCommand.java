package io.weft.contracts.command;

/** A command that does work in one Fabric workspace, keyed by it. */
public sealed interface WorkspaceCommand extends Command permits ProvisionCommand, DeployCommand {

    /** The Fabric workspace, as a GUID or a display name. */
    String workspace();

    @Override
    default String partitionKey() {
        return workspace();
    }
}
