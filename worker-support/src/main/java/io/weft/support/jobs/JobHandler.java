package io.weft.support.jobs;

import io.weft.contracts.command.Command;

import java.util.List;
import java.util.Map;

/**
 * What a worker does with one kind of command. The {@link JobRunner} around it takes care of delivery:
 * decoding, the dead-letter topic, events, cancellation, and acknowledging only at a terminal state.
 *
 * @param <C> the command this handler runs
 */
public interface JobHandler<C extends Command> {

    /** The job kind shown to users, e.g. {@code graph-scenario}. */
    String kind();

    /** The steps the job will run, in order, announced in {@code JobStarted}. */
    List<String> steps(C command);

    /**
     * Runs the job to completion. Every step is idempotent, so a redelivered command may run it again.
     *
     * @return the job's result (ids and names of what it produced), published in {@code JobSucceeded}
     * @throws CommandRejectedException when the command can never succeed (it goes to the dead-letter topic)
     * @throws Exception                any other failure fails the job with its error
     */
    Map<String, Object> run(C command, JobContext context) throws Exception;
}
