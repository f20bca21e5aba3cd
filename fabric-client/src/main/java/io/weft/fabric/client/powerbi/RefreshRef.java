package io.weft.fabric.client.powerbi;

import java.net.URI;
import java.time.Duration;

/**
 * A refresh Power BI accepted: where it can be followed. Small and serializable, so a worker can record it before
 * it polls and re-attach to it after a restart.
 *
 * @param groupId    the workspace
 * @param datasetId  the semantic model
 * @param refreshId  the refresh id ({@code x-ms-request-id} of the trigger's answer)
 * @param location   the refresh's details URL; null for a standard refresh, which has none (it is followed in the history)
 * @param retryAfter the wait Power BI asked for before the first poll; null when it asked for none
 */
public record RefreshRef(String groupId, String datasetId, String refreshId, URI location, Duration retryAfter) {

    /** Only enhanced refreshes have a details URL, per-object progress and a cancel. */
    public boolean enhanced() {
        return location != null;
    }
}
