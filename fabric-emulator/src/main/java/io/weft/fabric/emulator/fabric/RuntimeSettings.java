package io.weft.fabric.emulator.fabric;

import io.weft.fabric.emulator.EmulatorOptions;

import java.time.Duration;

/** The options the admin API may change while the emulator runs. */
public final class RuntimeSettings {
    /**
     * null (default): creates answer 201 or 202 per item type ({@link CreateResponses}), definitions 202; true: every
     * LRO-capable call answers 202; false: every call answers at once (201/200).
     */
    public volatile Boolean longRunningOperations;
    /** Lower-case item type → the status (201 or 202) its creates answer, beating {@link #longRunningOperations}. */
    public final java.util.Map<String, Integer> createStatus = new java.util.concurrent.ConcurrentHashMap<>();
    public volatile Duration operationDuration;
    public volatile Duration sqlEndpointProvisioning;
    public volatile Duration graphModelDelay;
    public volatile int pageSize;
    public volatile int retryAfterSeconds;
    /** REALISTIC draws Retry-After and durations per operation; FAST uses the two fixed values above. */
    public volatile TimingProfile.Kind profile;
    /** Set once a test fixes the duration or Retry-After: the fixed values then win over the realistic draw. */
    public volatile boolean fixedTiming;
    /** Every wait the emulator takes is divided by this; announced seconds (Retry-After) are not. */
    public volatile double timeScale;

    public RuntimeSettings(EmulatorOptions options) {
        longRunningOperations = options.longRunningOperations();
        options.createStatus().forEach((type, status) -> createStatus.put(type.toLowerCase(java.util.Locale.ROOT), status));
        operationDuration = options.operationDuration();
        sqlEndpointProvisioning = options.sqlEndpointProvisioning();
        graphModelDelay = options.graphModelDelay();
        pageSize = options.pageSize();
        retryAfterSeconds = options.retryAfterSeconds();
        profile = options.profile();
        fixedTiming = options.fixedTiming();
        timeScale = options.timeScale();
    }

    /** Whether a create of {@code type} answers 202 (an operation) rather than 201. */
    public boolean createIsLongRunning(String type) {
        return CreateResponses.longRunning(type, createStatus, longRunningOperations);
    }

    /** Whether getDefinition and updateDefinition answer 202: unless every call was switched to answer at once. */
    public boolean definitionsAreLongRunning() {
        return !Boolean.FALSE.equals(longRunningOperations);
    }

    /** {@code d} divided by the time-scale: how long the emulator really waits for a wait announced as {@code d}. */
    public Duration scaled(Duration d) {
        return timeScale == 1.0 ? d : Duration.ofNanos(Math.round(d.toNanos() / timeScale));
    }
}
