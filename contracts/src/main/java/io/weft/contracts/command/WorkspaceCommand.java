package io.weft.contracts.command;

/** A command that does work in one Fabric workspace, keyed by it. */
public sealed interface WorkspaceCommand extends Command permits ProvisionCommand, DeployCommand {

    /** The Fabric workspace, as a GUID or a display name. */
    String workspace();

    /** Who asked for the job, or null when the command does not say. */
    Requester requestedBy();

    @Override
    default String partitionKey() {
        return workspace();
    }

    /**
     * Where the job works, as job status shows it: the workspace, or how the command names it otherwise (a
     * deployment to an environment: {@code environment:<name>}, its workspace known only to the worker).
     */
    default String target() {
        return workspace() != null ? workspace() : partitionKey();
    }
}
