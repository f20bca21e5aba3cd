package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One job instance of an item: when it was started, how it behaves, and whether it was asked to stop. */
final class JobInstance {
    final String id;
    final String workspaceId;
    final String itemId;
    final String jobType;
    final Instant createdAt;
    final JobBehaviour behaviour;
    /** The request body as received (parameters, executionData), for tests to inspect. */
    final JsonNode request;
    final String rootActivityId;
    /** The instance already running that a Deduped one defers to. */
    final String dedupedBy;
    volatile Instant cancelRequestedAt;

    JobInstance(String id, String workspaceId, String itemId, String jobType, Instant createdAt, JobBehaviour behaviour,
            JsonNode request, String rootActivityId, String dedupedBy) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.itemId = itemId;
        this.jobType = jobType;
        this.createdAt = createdAt;
        this.behaviour = behaviour;
        this.request = request;
        this.rootActivityId = rootActivityId;
        this.dedupedBy = dedupedBy;
    }

    Instant startedAt() {
        return createdAt.plus(behaviour.queued());
    }

    /** When it ends by itself; null when it never does. */
    Instant naturalEnd() {
        return behaviour.running() == null ? null : startedAt().plus(behaviour.running());
    }

    Instant cancelledAt() {
        return cancelRequestedAt == null ? null : cancelRequestedAt.plus(behaviour.cancelDelay());
    }

    /** The end that comes first, natural or cancel; null while neither is due. */
    Instant endAt() {
        Instant natural = naturalEnd();
        Instant cancelled = cancelledAt();
        if (natural == null) {
            return cancelled;
        }
        return cancelled == null || natural.isBefore(cancelled) ? natural : cancelled;
    }

    String status(Instant now) {
        Instant end = endAt();
        if (end != null && !now.isBefore(end)) {
            return end.equals(cancelledAt()) && !end.equals(naturalEnd()) ? JobBehaviour.CANCELLED : behaviour.terminal();
        }
        return now.isBefore(startedAt()) ? "NotStarted" : "InProgress";
    }

    boolean done(Instant now) {
        String status = status(now);
        return !status.equals("NotStarted") && !status.equals("InProgress");
    }
}
