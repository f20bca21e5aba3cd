package io.weft.fabric.emulator.fabric;

import java.time.Duration;
import java.util.List;

/**
 * How one emulated semantic model refresh runs: how long it waits {@code NotStarted}, how long each table or
 * partition takes (objects run {@code maxParallelism} at a time, in request order), and how it ends. Tests queue
 * behaviours for the next refreshes of a model ({@link PowerBiRefreshes#script}); unscripted ones use the profile's.
 *
 * @param queued      time spent {@code NotStarted}
 * @param perObject   time one table or partition takes; null: never ends unless cancelled (a stuck refresh)
 * @param failingTable the table whose processing fails the refresh (null: none); with {@code "*"} the first one
 * @param messages    the {@code messages} of a failed refresh: {code, message} pairs
 */
public record RefreshBehaviour(Duration queued, Duration perObject, String failingTable, List<Message> messages) {

    public RefreshBehaviour {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /** An error or warning the refresh reports. */
    public record Message(String code, String message) {
    }

    /** Completes: {@code perObject} per table or partition after {@code queued}. */
    public static RefreshBehaviour completes(Duration queued, Duration perObject) {
        return new RefreshBehaviour(queued, perObject, null, List.of());
    }

    /** A slow refresh: each object takes {@code perObject}. */
    public static RefreshBehaviour slow(Duration perObject) {
        return new RefreshBehaviour(Duration.ZERO, perObject, null, List.of());
    }

    /** Fails when it reaches {@code table} ({@code "*"}: the first object), reporting these messages. */
    public static RefreshBehaviour fails(String table, Duration perObject, Message... messages) {
        return new RefreshBehaviour(Duration.ZERO, perObject, table, List.of(messages));
    }

    /** Never ends unless cancelled. */
    public static RefreshBehaviour stuck() {
        return new RefreshBehaviour(Duration.ZERO, null, null, List.of());
    }
}
