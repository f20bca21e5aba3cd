package io.weft.fabric.emulator.fabric;

import io.weft.fabric.emulator.EmulatorOptions;

import java.time.Duration;

/** The options the admin API may change while the emulator runs. */
public final class RuntimeSettings {
    public volatile boolean longRunningOperations;
    public volatile Duration operationDuration;
    public volatile Duration sqlEndpointProvisioning;
    public volatile Duration graphModelDelay;
    public volatile int pageSize;
    public volatile int retryAfterSeconds;

    public RuntimeSettings(EmulatorOptions options) {
        longRunningOperations = options.longRunningOperations();
        operationDuration = options.operationDuration();
        sqlEndpointProvisioning = options.sqlEndpointProvisioning();
        graphModelDelay = options.graphModelDelay();
        pageSize = options.pageSize();
        retryAfterSeconds = options.retryAfterSeconds();
    }
}
