package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** A long-running operation: NotStarted, then Running, then Succeeded or Failed. */
final class Operation {
    final String id;
    final String kind;
    final Instant createdAt;
    /** What its 202 and its polls announce, unscaled. */
    final int retryAfterSeconds;
    volatile Instant lastUpdatedAt;
    volatile String status = "NotStarted";
    volatile JsonNode result;
    volatile ObjectNode error;

    Operation(String id, String kind, Instant createdAt, int retryAfterSeconds) {
        this.id = id;
        this.kind = kind;
        this.createdAt = createdAt;
        this.lastUpdatedAt = createdAt;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    boolean done() {
        return "Succeeded".equals(status) || "Failed".equals(status);
    }
}
