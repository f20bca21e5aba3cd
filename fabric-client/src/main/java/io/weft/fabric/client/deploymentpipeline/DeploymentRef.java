package io.weft.fabric.client.deploymentpipeline;

import io.weft.fabric.client.operation.OperationRef;

import java.time.Duration;

/**
 * A deployment Fabric accepted: the operation to wait for (null when Fabric answered with the finished deployment),
 * the deployment's own id (Fabric's {@code deployment-id} header), under which its record with the execution plan is
 * read, and the Retry-After of the answer. Jobs record it before waiting, so a redelivery re-attaches.
 */
public record DeploymentRef(String pipelineId, OperationRef operation, String deploymentId, Duration retryAfter) {

    /** The same deployment, found again after a redelivery: polled at once. */
    public DeploymentRef reattached() {
        return new DeploymentRef(pipelineId, operation, deploymentId, Duration.ZERO);
    }
}
