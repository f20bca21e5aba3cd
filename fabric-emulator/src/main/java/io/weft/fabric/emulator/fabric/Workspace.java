package io.weft.fabric.emulator.fabric;

import java.time.Instant;

/** A workspace in the emulator's memory. */
final class Workspace {
    final String id;
    volatile String displayName;
    volatile String description;
    volatile String capacityId;
    final Instant createdAt;

    Workspace(String id, String displayName, String description, String capacityId, Instant createdAt) {
        this.id = id;
        this.displayName = displayName;
        this.description = description;
        this.capacityId = capacityId;
        this.createdAt = createdAt;
    }
}
