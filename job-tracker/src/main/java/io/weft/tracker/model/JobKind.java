package io.weft.tracker.model;

/**
 * A kind of job the tracker knows, with the silences after which its jobs count as stalled.
 *
 * @param kind                       e.g. {@code graph-scenario}
 * @param queuedStalledAfterSeconds  a QUEUED job of this kind is stalled after this long without an event
 * @param runningStalledAfterSeconds a RUNNING job of this kind is stalled after this long without an event
 */
public record JobKind(String kind, long queuedStalledAfterSeconds, long runningStalledAfterSeconds) {
}
