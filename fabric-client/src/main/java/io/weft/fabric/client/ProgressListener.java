package io.weft.fabric.client;

import io.weft.fabric.client.operation.OperationProgress;

/** Receives Fabric's {@code percentComplete} (and status) while a long-running operation is polled. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = progress -> {
    };

    void onProgress(OperationProgress progress);
}
