package io.weft.tracker.model;

/** What kind of message an input to a job's history is. */
public enum InputCategory {
    /** The command that registered the job (provision, deploy). */
    COMMAND,
    /** A worker's progress event. */
    EVENT,
    /** The command came back from a dead-letter topic: it can never succeed. */
    DEAD_LETTER,
    /** A cancel request on the control topic. */
    CANCEL
}
