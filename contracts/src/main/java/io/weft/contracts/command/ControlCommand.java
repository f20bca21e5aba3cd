package io.weft.contracts.command;

/** Commands on {@code weft.commands.control}, keyed by job id. */
public sealed interface ControlCommand extends Command permits CancelJob {

    @Override
    default String partitionKey() {
        return jobId();
    }
}
