package io.weft.contracts;

import io.weft.contracts.command.CancelJob;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.PromoteStage;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.contracts.command.ProvisionWorkspace;
import io.weft.contracts.command.RefreshSemanticModel;
import io.weft.contracts.command.RunItemJob;
import io.weft.contracts.event.JobCancelled;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepFailed;
import io.weft.contracts.event.StepProgressed;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;

import java.util.Arrays;
import java.util.Optional;

/**
 * The type registry: every CloudEvent type Weft knows, the record it carries, its JSON Schema and its topic.
 * Types are versioned; a new version is a new constant, and a consumer rejects a type it does not know.
 */
public enum MessageType {

    PROVISION_GRAPH_SCENARIO("io.weft.provision.graph-scenario.requested.v1", ProvisionGraphScenario.class, Topics.PROVISION_COMMANDS),
    PROVISION_WORKSPACE("io.weft.provision.workspace.requested.v1", ProvisionWorkspace.class, Topics.PROVISION_COMMANDS),
    RUN_ITEM_JOB("io.weft.run.item-job.requested.v1", RunItemJob.class, Topics.PROVISION_COMMANDS),
    DEPLOY_SEMANTIC_MODEL("io.weft.deploy.semantic-model.requested.v1", DeploySemanticModel.class, Topics.DEPLOY_COMMANDS),
    REFRESH_SEMANTIC_MODEL("io.weft.deploy.semantic-model-refresh.requested.v1", RefreshSemanticModel.class, Topics.DEPLOY_COMMANDS),
    PROMOTE_STAGE("io.weft.deploy.stage-promotion.requested.v1", PromoteStage.class, Topics.DEPLOY_COMMANDS),
    CANCEL_JOB("io.weft.control.cancel.requested.v1", CancelJob.class, Topics.CONTROL_COMMANDS),

    JOB_STARTED("io.weft.job.started.v1", JobStarted.class, Topics.JOB_EVENTS),
    STEP_STARTED("io.weft.job.step.started.v1", StepStarted.class, Topics.JOB_EVENTS),
    STEP_PROGRESSED("io.weft.job.step.progressed.v1", StepProgressed.class, Topics.JOB_EVENTS),
    STEP_SUCCEEDED("io.weft.job.step.succeeded.v1", StepSucceeded.class, Topics.JOB_EVENTS),
    STEP_FAILED("io.weft.job.step.failed.v1", StepFailed.class, Topics.JOB_EVENTS),
    JOB_SUCCEEDED("io.weft.job.succeeded.v1", JobSucceeded.class, Topics.JOB_EVENTS),
    JOB_FAILED("io.weft.job.failed.v1", JobFailed.class, Topics.JOB_EVENTS),
    JOB_CANCELLED("io.weft.job.cancelled.v1", JobCancelled.class, Topics.JOB_EVENTS);

    private final String ceType;
    private final Class<? extends WeftMessage> recordType;
    private final String topic;

    MessageType(String ceType, Class<? extends WeftMessage> recordType, String topic) {
        this.ceType = ceType;
        this.recordType = recordType;
        this.topic = topic;
    }

    /** The CloudEvent {@code type} attribute, versioned. */
    public String ceType() {
        return ceType;
    }

    /** The record the CloudEvent's data deserializes to. */
    public Class<? extends WeftMessage> recordType() {
        return recordType;
    }

    /** The topic messages of this type are published to. */
    public String topic() {
        return topic;
    }

    /** Classpath location of this type's JSON Schema (draft 2020-12). */
    public String schemaResource() {
        return "/io/weft/contracts/schemas/" + ceType + ".schema.json";
    }

    public static Optional<MessageType> ofCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }

    public static MessageType of(WeftMessage message) {
        return Arrays.stream(values()).filter(t -> t.recordType == message.getClass()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no CloudEvent type for " + message.getClass().getName()));
    }
}
