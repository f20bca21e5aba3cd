package io.weft.fabric.client.deploymentpipeline;

import io.weft.fabric.client.FabricIds;
import io.weft.fabric.client.ClientErrorCodes;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.ProgressListener;
import io.weft.fabric.client.http.FabricCall;
import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.http.FabricResponse;
import io.weft.fabric.client.operation.OperationPoller;
import io.weft.fabric.client.operation.OperationRef;

import java.util.List;

/**
 * Deployment pipelines: resolve one by id or name, its stages and their items, and deploy stage content. A deploy
 * is Fabric's one long-running call here: {@link #startDeploy} sends it and returns what to record before waiting,
 * {@link #awaitDeploy} waits (a fresh start or a re-attach after redelivery) and then reads the deployment's record,
 * whose execution plan says per item what happened.
 */
public class DeploymentPipelineClient {

    /** Fabric's limit on the items of one deploy request. */
    public static final int MAX_ITEMS_PER_DEPLOY = 300;

    private static final String DEPLOY = "/deploymentPipelines/{deploymentPipelineId}/deploy";

    private final FabricHttp http;
    private final OperationPoller poller;

    public DeploymentPipelineClient(FabricHttp http, OperationPoller poller) {
        this.http = http;
        this.poller = poller;
    }

    public List<DeploymentPipeline> list() {
        return http.listAll(FabricCall.get("/deploymentPipelines"), "value", DeploymentPipeline.class);
    }

    public DeploymentPipeline get(String pipelineId) {
        return http.read(FabricCall.get("/deploymentPipelines/{deploymentPipelineId}", pipelineId), DeploymentPipeline.class);
    }

    /**
     * The pipeline whose id (a GUID) or display name (case-insensitive) is {@code idOrName}.
     *
     * @throws FabricException {@code [NotFound]} naming the pipeline when no visible pipeline has that name
     */
    public DeploymentPipeline resolve(String idOrName) {
        if (FabricIds.isGuid(idOrName)) {
            return get(idOrName);
        }
        return list().stream().filter(p -> idOrName.equalsIgnoreCase(p.displayName())).findFirst()
                .orElseThrow(() -> new FabricException(ClientErrorCodes.NOT_FOUND, "No deployment pipeline named '" + idOrName
                        + "' is visible to this identity (it must be an admin of the pipeline)", null, 404, false, null));
    }

    /** Creates a pipeline with its stages, in order (201). */
    public DeploymentPipeline create(String displayName, String description, List<String> stageNames) {
        List<java.util.Map<String, Object>> stages = stageNames.stream()
                .map(name -> java.util.Map.<String, Object>of("displayName", name, "isPublic", false)).toList();
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("displayName", displayName);
        if (description != null) {
            body.put("description", description);
        }
        body.put("stages", stages);
        return http.read(FabricCall.post("/deploymentPipelines", body), DeploymentPipeline.class);
    }

    /** Assigns a workspace to a stage that has none (200); the workspace must be in no other stage. */
    public void assignWorkspace(String pipelineId, String stageId, String workspaceId) {
        http.send(FabricCall.post("/deploymentPipelines/{deploymentPipelineId}/stages/{stageId}/assignWorkspace",
                java.util.Map.of("workspaceId", workspaceId), pipelineId, stageId));
    }

    /** The stages in pipeline order. */
    public List<PipelineStage> stages(String pipelineId) {
        return http.listAll(FabricCall.get("/deploymentPipelines/{deploymentPipelineId}/stages", pipelineId), "value",
                PipelineStage.class).stream().sorted(java.util.Comparator.comparingInt(PipelineStage::order)).toList();
    }

    public List<StageItem> stageItems(String pipelineId, String stageId) {
        return http.listAll(FabricCall.get("/deploymentPipelines/{deploymentPipelineId}/stages/{stageId}/items", pipelineId,
                stageId), "value", StageItem.class);
    }

    /**
     * Sends a deploy of at most {@link #MAX_ITEMS_PER_DEPLOY} items. Fabric answers 202 (or, rarely, 200 with the
     * finished deployment, which {@link #awaitDeploy} then only reads).
     */
    public DeploymentRef startDeploy(String pipelineId, DeployRequest request) {
        if (request.items() != null && request.items().size() > MAX_ITEMS_PER_DEPLOY) {
            throw new IllegalArgumentException("A deploy request takes at most " + MAX_ITEMS_PER_DEPLOY + " items, not "
                    + request.items().size() + "; send them in batches");
        }
        FabricResponse answer = http.send(FabricCall.post(DEPLOY, request, pipelineId));
        if (answer.status() != 202) {
            Deployment done = http.parse(answer, Deployment.class);
            return new DeploymentRef(pipelineId, null, done.id(), null);
        }
        OperationRef operation = poller.operationOf(answer);
        return new DeploymentRef(pipelineId, operation, answer.header("deployment-id").orElse(operation.operationId()),
                OperationPoller.serverWait(answer).orElse(null));
    }

    /**
     * Waits for a deployment to end and returns its record. A deployment that failed (all or some items) is
     * returned too, not thrown, so the caller sees every item's step; the failure is in {@link Deployment#status()}
     * and each failed step's error.
     */
    public Deployment awaitDeploy(DeploymentRef deployment, ProgressListener listener) {
        FabricException failure = null;
        if (deployment.operation() != null) {
            try {
                poller.await(deployment.operation(), deployment.retryAfter(), DEPLOY, listener);
            } catch (FabricException e) {
                if (e.errorCode().equals(ClientErrorCodes.OPERATION_TIMED_OUT) || e.errorCode().equals(ClientErrorCodes.UNTRUSTED_HOST)) {
                    throw e;
                }
                failure = e;
            }
        }
        Deployment record;
        try {
            record = deployment(deployment.pipelineId(), deployment.deploymentId());
        } catch (FabricException e) {
            if (failure != null) {
                throw failure;
            }
            throw e;
        }
        if (failure != null && record.steps().isEmpty()) {
            throw failure;
        }
        return record;
    }

    /** The record of one deployment, with its execution plan. */
    public Deployment deployment(String pipelineId, String deploymentId) {
        return http.read(FabricCall.get("/deploymentPipelines/{deploymentPipelineId}/operations/{operationId}", pipelineId,
                deploymentId), Deployment.class);
    }
}
