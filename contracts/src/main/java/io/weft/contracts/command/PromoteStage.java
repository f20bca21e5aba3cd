package io.weft.contracts.command;

import java.time.Instant;
import java.util.List;

/**
 * Promote the content of one deployment pipeline stage to another through Fabric's deploy (the long-running
 * operation), then apply the target environment's parameters and connection bindings to the semantic models it
 * deployed. With {@code plan}, only read: the job reports what the promotion would do per item and changes nothing.
 *
 * @param jobId       the job this command starts
 * @param pipeline    the deployment pipeline, GUID or display name
 * @param sourceStage the stage to deploy from: an environment of the deployer's environments file (its {@code stage}),
 *                    a stage display name, or a stage GUID
 * @param targetStage the stage to deploy to, named the same ways
 * @param items       the items to deploy, by type and name; null or empty: every item of the source stage
 * @param note        kept with the deployment in Fabric (at most 1024 characters); null for none
 * @param plan        true: a dry run that reads Fabric and writes nothing
 * @param requestedAt when the request was accepted
 * @param requestedBy who asked for it (the gateway's authenticated caller), or null when not known
 */
public record PromoteStage(String jobId, String pipeline, String sourceStage, String targetStage, List<PromotedItem> items,
        String note, boolean plan, Instant requestedAt, Requester requestedBy) implements DeployCommand {

    /** Without a requester (tests, and producers that do not say). */
    public PromoteStage(String jobId, String pipeline, String sourceStage, String targetStage, List<PromotedItem> items,
            String note, boolean plan, Instant requestedAt) {
        this(jobId, pipeline, sourceStage, targetStage, items, note, plan, requestedAt, null);
    }

    public PromoteStage {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** A promotion names no workspace: each stage has its own, found through the pipeline. */
    @Override
    public String workspace() {
        return null;
    }

    /** Promotions of one pipeline are serialized on one partition: Fabric runs one deployment per pipeline at a time. */
    @Override
    public String partitionKey() {
        return "pipeline:" + pipeline;
    }

    /** As job status shows it: the pipeline and the stages, e.g. {@code Sales Release: dev → qa}. */
    @Override
    public String target() {
        return pipeline + ": " + sourceStage + " → " + targetStage;
    }

    /**
     * One item of the source stage to promote.
     *
     * @param itemType Fabric's item type, e.g. {@code SemanticModel}, {@code Report}
     * @param name     the item's display name in the source stage (case-insensitive)
     */
    public record PromotedItem(String itemType, String name) {
    }
}
