package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** A long-running operation. */
final class Operation {
    final String id;
    final String kind;
    final Instant createdAt;
    volatile Instant lastUpdatedAt;
    volatile String status = "Running";
    volatile JsonNode result;
    volatile ObjectNode error;

    Operation(String id, String kind, Instant createdAt) {
        this.id = id;
        this.kind = kind;
        this.createdAt = createdAt;
        this.lastUpdatedAt = createdAt;
    }

    boolean done() {
        return "Succeeded".equals(status) || "Failed".equals(status);
    }
}
