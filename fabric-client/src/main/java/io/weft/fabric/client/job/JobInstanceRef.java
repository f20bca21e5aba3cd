package io.weft.fabric.client.job;

import java.net.URI;
import java.time.Duration;

/**
 * Where a started job instance lives: the {@code Location} Fabric answered with, and the ids in it. Small and
 * serializable, so a worker can record it before it polls and re-attach to it after a restart.
 *
 * @param location   the instance URL ({@code .../workspaces/{w}/items/{i}/jobs/instances/{id}})
 * @param retryAfter the wait Fabric asked for before the first poll; null when recorded and read back
 */
public record JobInstanceRef(String workspaceId, String itemId, String instanceId, URI location, Duration retryAfter) {
}
