package io.weft.deployer.service;

import io.weft.fabric.client.FabricIds;
import io.weft.contracts.command.PromoteStage;
import io.weft.contracts.environments.ConnectionBinding;
import io.weft.contracts.environments.Environment;
import io.weft.contracts.environments.Replacement;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.ProgressListener;
import io.weft.fabric.client.deploymentpipeline.DeployRequest;
import io.weft.fabric.client.deploymentpipeline.Deployment;
import io.weft.fabric.client.deploymentpipeline.DeploymentPipeline;
import io.weft.fabric.client.deploymentpipeline.DeploymentPipelineClient;
import io.weft.fabric.client.deploymentpipeline.DeploymentRef;
import io.weft.fabric.client.deploymentpipeline.PipelineStage;
import io.weft.fabric.client.deploymentpipeline.StageItem;
import io.weft.fabric.client.item.ItemDefinition;
import io.weft.fabric.client.semanticmodel.SemanticModelClient;
import io.weft.support.jobs.JobContext;
import io.weft.support.jobs.JobFailureException;
import io.weft.support.jobs.JobHandler;
import io.weft.support.jobs.ResourceFailure;
import io.weft.support.plan.PlannedChange;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Promotes a deployment pipeline stage's content to another stage: resolves the pipeline and both stages (by
 * environment, stage name or id) and checks the target has a workspace, selects the items, deploys them through
 * Fabric's deploy (batches of at most 300, each recorded before its first poll so a redelivery re-attaches), reports
 * the execution plan's steps, and applies the target environment's parameters and connection bindings to the
 * semantic models it deployed (Weft sets no deployment rules in the pipeline, so this is where they are applied).
 * With {@code plan}, reads only and reports what the promotion would do per item.
 */
@ApplicationScoped
public class StagePromotion implements JobHandler<PromoteStage> {

    /** The job kind: the noun of the command's CloudEvent type. */
    public static final String KIND = "stage-promotion";
    public static final String RESOLVE_PIPELINE = "resolve-pipeline";
    public static final String SELECT_ITEMS = "select-items";
    public static final String DEPLOY_CONTENT = "deploy-content";
    public static final String APPLY_ENVIRONMENT = "apply-environment";
    public static final String PLAN_PROMOTION = "plan-promotion";

    public static final String STAGE_NOT_FOUND = "StageNotFound";
    public static final String STAGE_HAS_NO_WORKSPACE = "DeploymentPipelineStageHasNoAssignedWorkspace";
    public static final String ENVIRONMENT_STAGE_MISMATCH = "EnvironmentStageMismatch";
    public static final String ITEMS_NOT_IN_STAGE = "ItemsNotInStage";
    public static final String NO_ITEMS_TO_DEPLOY = "NoItemsToDeploy";
    public static final String DEPLOYMENT_FAILED = "DeploymentOperationFailed";

    private static final Logger LOG = Logger.getLogger(StagePromotion.class);
    private static final String SEMANTIC_MODEL = "SemanticModel";
    /** Per-deployment metadata (display name, description, logical id): not content a plan compares. */
    private static final Set<String> NOT_CONTENT = Set.of(".platform");

    private final DeploymentPipelineClient pipelines;
    private final SemanticModelClient models;
    private final EnvironmentCatalog environments;
    private final DefinitionParameters parameters;
    private final ConnectionBinder binder;
    private final PromotionCheckpoints checkpoints;

    public StagePromotion(DeploymentPipelineClient pipelines, SemanticModelClient models, EnvironmentCatalog environments,
            DefinitionParameters parameters, ConnectionBinder binder, PromotionCheckpoints checkpoints) {
        this.pipelines = pipelines;
        this.models = models;
        this.environments = environments;
        this.parameters = parameters;
        this.binder = binder;
        this.checkpoints = checkpoints;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> steps(PromoteStage command) {
        if (command.plan()) {
            return List.of(RESOLVE_PIPELINE, SELECT_ITEMS, PLAN_PROMOTION);
        }
        List<String> steps = new ArrayList<>(List.of(RESOLVE_PIPELINE, SELECT_ITEMS, DEPLOY_CONTENT));
        // The target's environment is known for sure only once the pipeline is read; one named by the command is known now.
        if (environments.environments().isPresent()) {
            steps.add(APPLY_ENVIRONMENT);
        }
        return steps;
    }

    @Override
    public Map<String, Object> run(PromoteStage command, JobContext context) throws Exception {
        Promotion promotion = new Promotion(command);
        context.step(RESOLVE_PIPELINE, progress -> promotion.resolve());
        context.step(SELECT_ITEMS, progress -> promotion.select());
        if (command.plan()) {
            context.step(PLAN_PROMOTION, progress -> promotion.plan());
            return PlannedChange.result(promotion.planned, promotion.summary());
        }
        context.step(DEPLOY_CONTENT, promotion::deploy);
        if (environments.environments().isPresent()) {
            context.step(APPLY_ENVIRONMENT, promotion::applyEnvironment);
        }
        Map<String, Object> result = promotion.summary();
        result.put("deployed", promotion.deployed.stream().map(DeployedItem::toMap).toList());
        result.put("deploymentIds", promotion.deploymentIds);
        result.put("environmentApplied", promotion.applied);
        return result;
    }

    /** One item Fabric deployed, as the execution plan reports it. */
    private record DeployedItem(String itemType, String name, String diff, String status, String targetItemId) {
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("itemType", itemType);
            map.put("name", name);
            map.put("diff", diff);
            map.put("status", status);
            if (targetItemId != null) {
                map.put("targetItemId", targetItemId);
            }
            return map;
        }
    }

    /** One job's promotion: what its steps learn, handed from one to the next. */
    private final class Promotion {

        private final PromoteStage command;
        private DeploymentPipeline pipeline;
        private PipelineStage source;
        private PipelineStage target;
        private Environment targetEnvironment;
        private List<StageItem> selected = List.of();
        private final List<DeployedItem> deployed = new ArrayList<>();
        private final List<String> deploymentIds = new ArrayList<>();
        private final List<Map<String, Object>> applied = new ArrayList<>();
        private final List<PlannedChange> planned = new ArrayList<>();

        Promotion(PromoteStage command) {
            this.command = command;
        }

        Map<String, Object> resolve() {
            try {
                pipeline = pipelines.resolve(command.pipeline());
            } catch (FabricException e) {
                throw new ResourceFailure(command.pipeline(), e);
            }
            List<PipelineStage> stages;
            try {
                stages = pipelines.stages(pipeline.id());
            } catch (FabricException e) {
                throw new ResourceFailure(pipeline.displayName(), e);
            }
            source = stage(stages, command.sourceStage());
            target = stage(stages, command.targetStage());
            if (!target.hasWorkspace()) {
                throw new JobFailureException(STAGE_HAS_NO_WORKSPACE, "Stage '" + target.displayName() + "' of pipeline '"
                        + pipeline.displayName() + "' has no workspace assigned; assign one before promoting to it",
                        target.displayName(), false);
            }
            if (!source.hasWorkspace()) {
                throw new JobFailureException(STAGE_HAS_NO_WORKSPACE, "Stage '" + source.displayName() + "' of pipeline '"
                        + pipeline.displayName() + "' has no workspace assigned, so it has nothing to promote",
                        source.displayName(), false);
            }
            targetEnvironment = environmentOf(target).orElse(null);
            if (targetEnvironment != null && !sameWorkspace(targetEnvironment.workspace(), target)) {
                throw new JobFailureException(ENVIRONMENT_STAGE_MISMATCH, "Environment '" + targetEnvironment.name()
                        + "' names workspace '" + targetEnvironment.workspace() + "', but stage '" + target.displayName()
                        + "' of pipeline '" + pipeline.displayName() + "' holds workspace '" + name(target)
                        + "'; fix the environments file or the stage's assignment", targetEnvironment.name(), false);
            }
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("pipelineId", pipeline.id());
            output.put("pipeline", pipeline.displayName());
            output.put("sourceStage", source.displayName());
            output.put("sourceWorkspace", name(source));
            output.put("targetStage", target.displayName());
            output.put("targetWorkspace", name(target));
            if (targetEnvironment != null) {
                output.put("targetEnvironment", targetEnvironment.name());
            }
            return output;
        }

        Map<String, Object> select() {
            List<StageItem> items;
            try {
                items = pipelines.stageItems(pipeline.id(), source.id());
            } catch (FabricException e) {
                throw new ResourceFailure(source.displayName(), e);
            }
            if (command.items().isEmpty()) {
                selected = items;
            } else {
                List<String> missing = new ArrayList<>();
                List<StageItem> chosen = new ArrayList<>();
                for (PromoteStage.PromotedItem wanted : command.items()) {
                    items.stream().filter(i -> i.itemType().equalsIgnoreCase(wanted.itemType())
                                    && i.itemDisplayName().equalsIgnoreCase(wanted.name())).findFirst()
                            .ifPresentOrElse(i -> {
                                if (!chosen.contains(i)) {
                                    chosen.add(i);
                                }
                            }, () -> missing.add(wanted.itemType() + " '" + wanted.name() + "'"));
                }
                if (!missing.isEmpty()) {
                    throw new JobFailureException(ITEMS_NOT_IN_STAGE, "Stage '" + source.displayName() + "' (workspace '"
                            + name(source) + "') has no " + String.join(", no ", missing), missing.get(0), false);
                }
                selected = chosen;
            }
            if (selected.isEmpty()) {
                throw new JobFailureException(NO_ITEMS_TO_DEPLOY, "Stage '" + source.displayName() + "' (workspace '"
                        + name(source) + "') has no items to promote", source.displayName(), false);
            }
            return Map.of("items", selected.size(), "selected", selected.stream()
                    .map(i -> Map.of("itemType", i.itemType(), "name", i.itemDisplayName())).toList());
        }

        Map<String, Object> deploy(JobContext.StepProgress progress) throws InterruptedException {
            List<DeploymentRef> started = new ArrayList<>(checkpoints.find(command.jobId())
                    .map(PromotionCheckpoints.Checkpoint::batches).orElse(List.of()));
            List<List<StageItem>> batches = batches(selected);
            int done = 0;
            int reattached = 0;
            List<DeployedItem> failed = new ArrayList<>();
            // one line per failed item (two items may share a name across types)
            List<String> failedSteps = new ArrayList<>();
            for (int index = 0; index < batches.size(); index++) {
                List<StageItem> batch = batches.get(index);
                DeploymentRef deployment;
                if (index < started.size()) {
                    deployment = started.get(index).reattached();
                    reattached++;
                    LOG.infof("Job %s re-attaches to deployment %s (batch %d of %d)", command.jobId(), deployment.deploymentId(),
                            index + 1, batches.size());
                } else {
                    deployment = start(batch);
                    started.add(deployment);
                    checkpoints.record(command.jobId(), new PromotionCheckpoints.Checkpoint(started));
                }
                int before = done;
                ProgressListener listener = operation -> progress.report(before, selected.size(), "items",
                        operation.percentComplete(), operation.status());
                Deployment record;
                try {
                    record = pipelines.awaitDeploy(deployment, listener);
                } catch (FabricException e) {
                    throw new ResourceFailure(pipeline.displayName(), e);
                }
                deploymentIds.add(deployment.deploymentId());
                for (Deployment.Step step : record.steps()) {
                    Deployment.SourceAndTarget item = step.sourceAndTarget();
                    DeployedItem result = new DeployedItem(item == null ? null : item.itemType(),
                            item == null ? step.description() : item.sourceItemDisplayName(), step.preDeploymentDiffState(),
                            step.status(), item == null ? null : item.targetItemId());
                    deployed.add(result);
                    progress.report(++done, selected.size(), "items", null, result.itemType() + " '" + result.name() + "': "
                            + result.status() + (result.diff() == null ? "" : " (" + result.diff() + ")"));
                    if ("Failed".equalsIgnoreCase(step.status())) {
                        failed.add(result);
                        failedSteps.add(result.itemType() + " '" + result.name() + "': " + describe(step));
                    }
                }
                if (!failed.isEmpty() || "Failed".equalsIgnoreCase(record.status())) {
                    throw new JobFailureException(DEPLOYMENT_FAILED, (failed.isEmpty() ? "The deployment" : failed.size()
                            + " of " + record.steps().size() + " items") + " failed to deploy from stage '" + source.displayName()
                            + "' to stage '" + target.displayName() + "' (deployment " + deployment.deploymentId() + ")"
                            + (failedSteps.isEmpty() ? "" : ": " + String.join("; ", failedSteps)),
                            failed.isEmpty() ? pipeline.displayName() : failed.get(0).name(), false);
                }
            }
            return Map.of("deploymentIds", deploymentIds, "reattachedBatches", reattached,
                    "items", deployed.stream().map(DeployedItem::toMap).toList());
        }

        private DeploymentRef start(List<StageItem> batch) {
            List<DeployRequest.Item> items = batch.stream().map(i -> new DeployRequest.Item(i.itemId(), i.itemType())).toList();
            try {
                return pipelines.startDeploy(pipeline.id(), new DeployRequest(source.id(), target.id(), items, note()));
            } catch (FabricException e) {
                throw new ResourceFailure(pipeline.displayName(), e);
            }
        }

        private String note() {
            String note = "Weft job " + command.jobId() + (command.note() == null ? "" : ": " + command.note());
            return note.length() <= 1024 ? note : note.substring(0, 1024);
        }

        Map<String, Object> applyEnvironment(JobContext.StepProgress progress) {
            if (targetEnvironment == null) {
                return Map.of("environment", "none", "reason", "no environment of the environments file has stage '"
                        + target.displayName() + "'");
            }
            List<DeployedItem> modelsDeployed = deployed.stream()
                    .filter(d -> SEMANTIC_MODEL.equals(d.itemType()) && d.targetItemId() != null).toList();
            int done = 0;
            for (DeployedItem model : modelsDeployed) {
                List<Replacement> replacements = replacementsFor(model.name());
                List<ConnectionBinding> bindings = targetEnvironment.connectionsOf(model.name());
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("model", model.name());
                entry.put("modelId", model.targetItemId());
                if (!replacements.isEmpty()) {
                    DefinitionParameters.Parameterized parameterized = parameterized(model.name(), model.targetItemId(), replacements);
                    try {
                        models.updateDefinition(target.workspaceId(), model.targetItemId(), parameterized.definition().toFabric(),
                                ProgressListener.NONE);
                    } catch (FabricException e) {
                        throw new ResourceFailure(model.name(), e);
                    }
                    entry.put("replacements", parameterized.report());
                }
                if (!bindings.isEmpty()) {
                    entry.put("connectionBindings", binder.bind(target.workspaceId(), model.targetItemId(), targetEnvironment, bindings));
                }
                applied.add(entry);
                progress.report(++done, modelsDeployed.size(), "models", null, model.name());
            }
            return Map.of("environment", targetEnvironment.name(), "models", applied);
        }

        /** The target's copy of the model with the target environment's values, read from Fabric; writes nothing. */
        private DefinitionParameters.Parameterized parameterized(String modelName, String modelId, List<Replacement> replacements) {
            ItemDefinition deployedDefinition;
            try {
                deployedDefinition = models.getDefinition(target.workspaceId(), modelId, formatFor(replacements), ProgressListener.NONE);
            } catch (FabricException e) {
                throw new ResourceFailure(modelName, e);
            }
            return parameters.apply(parameters.fromFabric(deployedDefinition, modelName), targetEnvironment, replacements);
        }

        Map<String, Object> plan() {
            List<StageItem> targetItems;
            try {
                targetItems = pipelines.stageItems(pipeline.id(), target.id());
            } catch (FabricException e) {
                throw new ResourceFailure(target.displayName(), e);
            }
            boolean backward = source.order() > target.order();
            for (StageItem item : selected) {
                // Fabric pairs by the link an earlier deploy left, else by type and name
                Optional<StageItem> paired = targetItems.stream().filter(t -> item.itemId().equals(t.sourceItemId())
                        || t.itemId().equals(item.targetItemId())
                        || (t.itemType().equalsIgnoreCase(item.itemType()) && t.itemDisplayName().equalsIgnoreCase(item.itemDisplayName())))
                        .findFirst();
                planned.add(planItem(item, paired, backward && !targetItems.isEmpty()));
                if (SEMANTIC_MODEL.equals(item.itemType()) && targetEnvironment != null) {
                    planned.addAll(binder.plan(item.itemDisplayName(), targetEnvironment,
                            targetEnvironment.connectionsOf(item.itemDisplayName())));
                }
            }
            return Map.of("items", planned.size(), "actions", PlannedChange.counts(planned));
        }

        private PlannedChange planItem(StageItem item, Optional<StageItem> paired, boolean backwardIntoContent) {
            String type = item.itemType();
            String name = item.itemDisplayName();
            if (backwardIntoContent) {
                return PlannedChange.of(type, name, PlannedChange.Action.REFUSED, "stage '" + target.displayName()
                        + "' comes before stage '" + source.displayName() + "' and is not empty: Fabric deploys backward only into an empty stage");
            }
            if (paired.isEmpty()) {
                return PlannedChange.of(type, name, PlannedChange.Action.CREATE, "not in stage '" + target.displayName()
                        + "' yet: the deploy creates it in workspace '" + name(target) + "'");
            }
            if (!SEMANTIC_MODEL.equals(type)) {
                return PlannedChange.of(type, name, PlannedChange.Action.UPDATE, "paired with " + type + " '"
                        + paired.get().itemDisplayName() + "' in stage '" + target.displayName()
                        + "': the deploy replaces its content (only semantic model definitions are compared)");
            }
            List<String> changed = changedParts(item, paired.get());
            if (changed.isEmpty()) {
                return PlannedChange.of(type, name, PlannedChange.Action.UNCHANGED, "stage '" + target.displayName()
                        + "' holds the same definition" + (targetEnvironment == null ? "" : ", with the parameters of environment '"
                        + targetEnvironment.name() + "' applied"));
            }
            return new PlannedChange(type, name, PlannedChange.Action.UPDATE, changed, changed.size() + " definition part"
                    + (changed.size() == 1 ? "" : "s") + " differ from the copy in stage '" + target.displayName() + "'"
                    + (targetEnvironment == null ? "" : ", with the parameters of environment '" + targetEnvironment.name() + "' applied"));
        }

        /** The parts the promotion would change: the source's definition as the target would hold it, against the target's. */
        private List<String> changedParts(StageItem item, StageItem paired) {
            List<Replacement> replacements = targetEnvironment == null ? List.of() : replacementsFor(item.itemDisplayName());
            String format = formatFor(replacements);
            ItemDefinition sourceDefinition;
            ItemDefinition targetDefinition;
            try {
                sourceDefinition = models.getDefinition(source.workspaceId(), item.itemId(), format, ProgressListener.NONE);
                targetDefinition = models.getDefinition(target.workspaceId(), paired.itemId(), format, ProgressListener.NONE);
            } catch (FabricException e) {
                throw new ResourceFailure(item.itemDisplayName(), e);
            }
            ItemDefinition promoted = replacements.isEmpty() ? sourceDefinition
                    : parameters.apply(parameters.fromFabric(sourceDefinition, item.itemDisplayName()), targetEnvironment, replacements)
                            .definition().toFabric();
            return promoted.differingParts(targetDefinition, NOT_CONTENT);
        }

        private List<Replacement> replacementsFor(String modelName) {
            return environments.environments().orElseThrow().replacementsFor(targetEnvironment.name(), modelName);
        }

        Map<String, Object> summary() {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("pipeline", pipeline.displayName());
            summary.put("pipelineId", pipeline.id());
            summary.put("sourceStage", source.displayName());
            summary.put("targetStage", target.displayName());
            summary.put("targetWorkspace", name(target));
            if (targetEnvironment != null) {
                summary.put("environment", targetEnvironment.name());
            }
            return summary;
        }

        /** By environment (its stage), then stage display name, then stage id. */
        private PipelineStage stage(List<PipelineStage> stages, String named) {
            Optional<Environment> environment = environments.environments().flatMap(file -> file.find(named));
            String stageName = environment.map(Environment::stage).orElse(named);
            if (environment.isPresent() && stageName == null) {
                throw new JobFailureException(STAGE_NOT_FOUND, "Environment '" + environment.get().name()
                        + "' names no deployment pipeline stage (its 'stage' in the environments file)", named, false);
            }
            return stages.stream().filter(s -> s.displayName().equalsIgnoreCase(stageName) || s.id().equalsIgnoreCase(stageName))
                    .findFirst().orElseThrow(() -> new JobFailureException(STAGE_NOT_FOUND, "Pipeline '" + pipeline.displayName()
                            + "' has no stage '" + stageName + "'" + (environment.isPresent() ? " (the stage of environment '"
                            + environment.get().name() + "')" : "") + "; its stages are " + String.join(", ",
                            stages.stream().map(PipelineStage::displayName).toList()), named, false));
        }

        private Optional<Environment> environmentOf(PipelineStage stage) {
            return environments.environments().flatMap(file -> file.environments().stream()
                    .filter(e -> e.stage() != null && e.stage().equalsIgnoreCase(stage.displayName())).findFirst());
        }
    }

    private static boolean sameWorkspace(String named, PipelineStage stage) {
        return FabricIds.isGuid(named) ? named.equalsIgnoreCase(stage.workspaceId())
                : stage.workspaceName() == null || named.equalsIgnoreCase(stage.workspaceName());
    }

    private static String name(PipelineStage stage) {
        return stage.workspaceName() != null ? stage.workspaceName() : stage.workspaceId();
    }

    /** TMSL when a replacement works on {@code model.bim} (JSONPath, or a glob naming it); else Fabric's default TMDL. */
    private static String formatFor(List<Replacement> replacements) {
        boolean tmsl = replacements.stream().anyMatch(r -> r.jsonPath() != null
                || (r.files() != null && r.files().toLowerCase(Locale.ROOT).contains("model.bim")));
        return tmsl ? SemanticModelClient.TMSL : SemanticModelClient.TMDL;
    }

    private static String describe(Deployment.Step step) {
        if (step.error() == null || step.error().isNull()) {
            return "failed without details";
        }
        return "[" + step.error().path("errorCode").asText("Unknown") + "] " + step.error().path("message").asText("");
    }

    private static List<List<StageItem>> batches(List<StageItem> items) {
        List<List<StageItem>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += DeploymentPipelineClient.MAX_ITEMS_PER_DEPLOY) {
            batches.add(items.subList(from, Math.min(items.size(), from + DeploymentPipelineClient.MAX_ITEMS_PER_DEPLOY)));
        }
        return batches;
    }
}
