package io.weft.support.jobs;

import java.util.Map;

/** What a running job uses to report its steps and to learn that it should stop. */
public interface JobContext {

    /** The job's id. */
    String jobId();

    /**
     * Runs one step: announces it, runs it, and reports its success with the returned output or its failure
     * with the thrown error. A cancel request received before the step starts stops the job instead.
     */
    Map<String, Object> step(String name, StepWork work) throws Exception;

    /**
     * Runs a compensating step (e.g. a rollback after a failure or a cancel request) with the same events as
     * {@link #step}, but also when the job has been cancelled: undoing work is what a cancel asks for.
     */
    Map<String, Object> compensate(String name, StepWork work) throws Exception;

    /** Whether a cancel request for this job has arrived. */
    boolean cancelRequested();

    /** The work of one step. */
    @FunctionalInterface
    interface StepWork {
        Map<String, Object> run(StepProgress progress) throws Exception;
    }

    /** Reports a step's progress; cheap to call often (events are rate-limited by the runner). */
    interface StepProgress {

        /**
         * @param done            units done so far
         * @param total           units in all, 0 when unknown
         * @param unit            what is counted: files, bytes, tables, percent
         * @param percentComplete Fabric's percentComplete for the operation under way, or null
         * @param detail          what is being worked on, or null
         */
        void report(long done, long total, String unit, Integer percentComplete, String detail);
    }
}
