package io.weft.contracts.command;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a provisioning job does with the resources it created when it fails or is cancelled. */
public enum FailurePolicy {
    /** Delete what this run created, newest first; never what existed before. */
    @JsonProperty("rollback") ROLLBACK,
    /** Leave everything in place (for inspection). */
    @JsonProperty("keep") KEEP
}
