package io.weft.deployer.service;

import io.weft.archive.staged.StagedArchiveJanitor;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.environments.ConnectionBinding;
import io.weft.contracts.environments.Environment;
import io.weft.contracts.environments.Replacement;
import io.weft.deployer.definition.PackagedDefinition;
import io.weft.deployer.definition.PlatformMetadata;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.ProgressListener;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.item.ItemDefinition;
import io.weft.fabric.client.semanticmodel.SemanticModelClient;
import io.weft.fabric.client.workspace.Workspace;
import io.weft.fabric.client.workspace.WorkspaceClient;
import io.weft.support.jobs.JobContext;
import io.weft.support.jobs.JobHandler;
import io.weft.support.jobs.ResourceFailure;
import io.weft.support.plan.PlannedChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deploys one semantic model: packages its definition, resolves the workspace, looks for a model of the final
 * name, then creates it or replaces its definition as the mode allows. Every step is idempotent, so a
 * redelivered command converges on the same single model (see {@link ModelNaming} and {@link DeploymentMarker}).
 * With {@code refreshAfterDeploy}, the deployed model is then refreshed in the same job ({@link ModelRefresh}'s steps).
 */
@ApplicationScoped
public class SemanticModelDeployment implements JobHandler<DeploySemanticModel> {

    /** The job kind: the noun of the command's CloudEvent type, as the gateway and the tracker name it too. */
    public static final String KIND = "semantic-model";
    public static final String RESOLVE_ENVIRONMENT = "resolve-environment";
    public static final String PACKAGE_DEFINITION = "package-definition";
    public static final String APPLY_PARAMETERS = "apply-parameters";
    public static final String RESOLVE_WORKSPACE = "resolve-workspace";
    public static final String FIND_MODEL = "find-model";
    public static final String DEPLOY_DEFINITION = "deploy-definition";
    public static final String BIND_CONNECTIONS = "bind-connections";
    /** A plan's last step, instead of deploy-definition and what follows it. */
    public static final String PLAN_DEFINITION = "plan-definition";
    /** Per-deployment metadata (display name, description with the job's mark): not content a plan compares. */
    private static final java.util.Set<String> NOT_CONTENT = java.util.Set.of(io.weft.deployer.definition.DefinitionPackager.PLATFORM);

    private static final Logger LOG = Logger.getLogger(SemanticModelDeployment.class);
    private static final String SEMANTIC_MODEL = "SemanticModel";
    /** Fabric's code for a create whose display name another item of the type already has (or reserved). */
    private static final String NAME_IN_USE = "ItemDisplayNameAlreadyInUse";

    private final DefinitionLoader definitions;
    private final WorkspaceClient workspaces;
    private final SemanticModelClient models;
    private final ModelLookup lookup;
    private final StagedArchiveJanitor janitor;
    private final Clock clock;
    private final ModelNaming naming;
    private final EnvironmentCatalog environments;
    private final DefinitionParameters parameters;
    private final ConnectionBinder binder;
    private final ModelRefresh refresh;

    @Inject
    public SemanticModelDeployment(DefinitionLoader definitions, WorkspaceClient workspaces, SemanticModelClient models,
            ModelLookup lookup, StagedArchiveJanitor janitor, Clock clock, EnvironmentCatalog environments,
            DefinitionParameters parameters, ConnectionBinder binder, ModelRefresh refresh) {
        this.refresh = refresh;
        this.definitions = definitions;
        this.binder = binder;
        this.environments = environments;
        this.parameters = parameters;
        this.workspaces = workspaces;
        this.models = models;
        this.lookup = lookup;
        this.janitor = janitor;
        this.clock = clock;
        this.naming = new ModelNaming(clock);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> steps(DeploySemanticModel command) {
        List<String> steps = new java.util.ArrayList<>();
        if (command.environment() == null) {
            steps.addAll(List.of(PACKAGE_DEFINITION, RESOLVE_WORKSPACE, FIND_MODEL, DEPLOY_DEFINITION));
        } else {
            // Everything the environment asks for is checked (resolve-environment, apply-parameters) before any Fabric call.
            steps.addAll(List.of(RESOLVE_ENVIRONMENT, PACKAGE_DEFINITION, APPLY_PARAMETERS,
                    RESOLVE_WORKSPACE, FIND_MODEL, DEPLOY_DEFINITION));
            boolean bindings = environments.environments().flatMap(file -> file.find(command.environment()))
                    .map(environment -> !environment.connectionsOf(command.modelName()).isEmpty()).orElse(false);
            if (bindings) {
                steps.add(BIND_CONNECTIONS);
            }
        }
        if (command.plan()) {
            steps.subList(steps.indexOf(DEPLOY_DEFINITION), steps.size()).clear();
            steps.add(PLAN_DEFINITION);
            return steps;
        }
        if (command.refreshAfterDeploy() != null) {
            steps.addAll(ModelRefresh.STEPS);
        }
        return steps;
    }

    @Override
    public Map<String, Object> run(DeploySemanticModel command, JobContext context) throws Exception {
        String modelName = naming.finalName(command);
        State state = new State();

        if (command.environment() != null) {
            context.step(RESOLVE_ENVIRONMENT, progress -> {
                state.environment = environments.require(command.environment());
                state.replacements = environments.environments().orElseThrow()
                        .replacementsFor(state.environment.name(), command.modelName());
                Map<String, Object> output = new LinkedHashMap<>();
                output.put("environment", state.environment.name());
                output.put("workspace", state.environment.workspace());
                if (state.environment.stage() != null) {
                    output.put("stage", state.environment.stage());
                }
                output.put("replacements", state.replacements.size());
                output.put("connectionBindings", state.environment.connectionsOf(command.modelName()).size());
                return output;
            });
        }

        context.step(PACKAGE_DEFINITION, progress -> {
            state.definition = definitions.load(command.definition());
            progress.report(state.definition.parts().size(), state.definition.parts().size(), "files", null, null);
            return Map.of("format", state.definition.format().name(), "parts", state.definition.parts().size(),
                    "tables", state.definition.tables(), "bytes", state.definition.totalBytes());
        });

        if (state.environment != null) {
            context.step(APPLY_PARAMETERS, progress -> {
                DefinitionParameters.Parameterized parameterized = parameters.apply(state.definition, state.environment,
                        state.replacements);
                state.definition = parameterized.definition();
                state.replaced = parameterized.report();
                return Map.of("environment", state.environment.name(), "replacements", state.replaced);
            });
        }

        context.step(RESOLVE_WORKSPACE, progress -> {
            state.workspace = workspaces.resolve(state.environment != null ? state.environment.workspace() : command.workspace());
            return Map.of("workspaceId", state.workspace.id(), "workspaceName", state.workspace.displayName());
        });

        context.step(FIND_MODEL, progress -> {
            state.existing = models.findByName(state.workspace.id(), modelName);
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("modelName", modelName);
            output.put("found", state.existing.isPresent());
            state.existing.ifPresent(model -> output.put("modelId", model.id()));
            return output;
        });

        if (command.plan()) {
            return planned(command, modelName, state, context);
        }

        context.step(DEPLOY_DEFINITION, progress -> {
            DeploymentPlan plan = DeploymentPlan.decide(command.mode(), command.confirmOverwrite(), state.existing.isPresent(),
                    state.existing.map(FabricItem::description).orElse(null), command.jobId());
            ProgressListener listener = operation -> progress.report(
                    operation.percentComplete() == null ? 0 : operation.percentComplete(), 100, "percent",
                    operation.percentComplete(), operation.status());
            String userDescription = PlatformMetadata.description(state.definition)
                    .or(() -> state.existing.map(FabricItem::description))
                    .map(DeploymentMarker::withoutMark).orElse(null);
            try {
                state.modelId = switch (plan.action()) {
                    case CREATE -> create(command, modelName, userDescription, state, listener);
                    case UPDATE -> update(command, modelName, userDescription, state, listener);
                    case REFUSE_OVERWRITE -> throw new DeploymentRefusedException(DeploymentRefusedException.OVERWRITE_NOT_CONFIRMED,
                            modelName, "Semantic model '" + modelName + "' already exists in workspace '"
                            + state.workspace.displayName() + "' (id " + state.existing.get().id() + "); prod mode replaces it"
                            + " only when the command sets confirmOverwrite=true");
                    case REFUSE_NAME_TAKEN -> throw new DeploymentRefusedException(DeploymentRefusedException.DEV_NAME_TAKEN,
                            modelName, "Semantic model '" + modelName + "' already exists in workspace '"
                            + state.workspace.displayName() + "' and was not created by job " + command.jobId()
                            + "; dev names carry the request time to the second, so send the request again");
                };
            } catch (FabricException e) {
                throw new ResourceFailure(modelName, e);
            }
            state.outcome = plan.outcome();
            progress.report(100, 100, "percent", 100, plan.outcome());
            return Map.of("modelId", state.modelId, "outcome", plan.outcome());
        });

        List<ConnectionBinding> bindings = state.environment == null ? List.of()
                : state.environment.connectionsOf(command.modelName());
        if (!bindings.isEmpty()) {
            context.step(BIND_CONNECTIONS, progress -> {
                state.bound = binder.bind(state.workspace.id(), state.modelId, state.environment, bindings);
                return Map.of("bindings", state.bound);
            });
        }

        janitor.succeeded(command.jobId(), command.definition().archive());
        Map<String, Object> refreshed = null;
        if (command.refreshAfterDeploy() != null) {
            // The same job goes on: the deployed model is refreshed as its last steps.
            refreshed = refresh.run(command.jobId(), state.workspace.id(), state.modelId, modelName, command.refreshAfterDeploy(), context);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("modelId", state.modelId);
        result.put("modelName", modelName);
        result.put("outcome", state.outcome);
        result.put("mode", command.mode().name().toLowerCase(java.util.Locale.ROOT));
        result.put("workspaceId", state.workspace.id());
        if (state.environment != null) {
            result.put("environment", state.environment.name());
            result.put("workspaceName", state.workspace.displayName());
            result.put("replacements", state.replaced);
            result.put("connectionBindings", state.bound);
        }
        result.put("format", state.definition.format().name());
        result.put("deployedAt", clock.instant().toString());
        if (refreshed != null) {
            result.put("refresh", refreshed.get("refresh"));
        }
        return result;
    }

    /** A plan's last step and result, instead of deploy-definition and what follows it. */
    private Map<String, Object> planned(DeploySemanticModel command, String modelName, State state, JobContext context)
            throws Exception {
        List<PlannedChange> planned = new java.util.ArrayList<>();
        context.step(PLAN_DEFINITION, progress -> {
            planned.add(plan(command, modelName, state));
            if (state.environment != null) {
                planned.addAll(binder.plan(modelName, state.environment, state.environment.connectionsOf(command.modelName())));
            }
            return Map.of("items", planned.size());
        });
        janitor.succeeded(command.jobId(), command.definition().archive());
        Map<String, Object> planContext = new LinkedHashMap<>();
        planContext.put("modelName", modelName);
        planContext.put("mode", command.mode().name().toLowerCase(java.util.Locale.ROOT));
        planContext.put("workspaceId", state.workspace.id());
        planContext.put("workspaceName", state.workspace.displayName());
        if (state.environment != null) {
            planContext.put("environment", state.environment.name());
            planContext.put("replacements", state.replaced);
        }
        if (command.refreshAfterDeploy() != null) {
            planContext.put("refreshAfterDeploy", "not run by a plan");
        }
        return PlannedChange.result(planned, planContext);
    }

    /** What deploy-definition would do; reads the existing model's definition, writes nothing. */
    private PlannedChange plan(DeploySemanticModel command, String modelName, State state) {
        DeploymentPlan decision = DeploymentPlan.decide(command.mode(), command.confirmOverwrite(), state.existing.isPresent(),
                state.existing.map(FabricItem::description).orElse(null), command.jobId());
        String where = "workspace '" + state.workspace.displayName() + "'";
        return switch (decision.action()) {
            case CREATE -> PlannedChange.of(SEMANTIC_MODEL, modelName, PlannedChange.Action.CREATE,
                    "no semantic model of that name in " + where);
            case REFUSE_OVERWRITE -> PlannedChange.of(SEMANTIC_MODEL, modelName, PlannedChange.Action.REFUSED,
                    "it exists in " + where + "; prod mode replaces it only with confirmOverwrite=true");
            case REFUSE_NAME_TAKEN -> PlannedChange.of(SEMANTIC_MODEL, modelName, PlannedChange.Action.REFUSED,
                    "a model of this timestamped dev name exists in " + where + " and was not made by this job");
            case UPDATE -> {
                ItemDefinition existing;
                try {
                    existing = models.getDefinition(state.workspace.id(), state.existing.orElseThrow().id(),
                            state.definition.format().name(), ProgressListener.NONE);
                } catch (FabricException e) {
                    throw new ResourceFailure(modelName, e);
                }
                List<String> changed = state.definition.toFabric().differingParts(existing, NOT_CONTENT);
                yield changed.isEmpty()
                        ? PlannedChange.of(SEMANTIC_MODEL, modelName, PlannedChange.Action.UNCHANGED,
                                "the definition in " + where + " is the same")
                        : new PlannedChange(SEMANTIC_MODEL, modelName, PlannedChange.Action.UPDATE,
                                changed, changed.size() + " definition part" + (changed.size() == 1 ? "" : "s") + " differ from the model in " + where);
            }
        };
    }

    private String create(DeploySemanticModel command, String modelName, String userDescription, State state,
            ProgressListener listener) {
        String description = DeploymentMarker.created(userDescription, command.jobId());
        ItemDefinition definition = PlatformMetadata.stamp(state.definition, modelName, description).toFabric();
        FabricItem created;
        try {
            created = models.create(state.workspace.id(), modelName, description, definition, listener);
        } catch (FabricException e) {
            if (!NAME_IN_USE.equals(e.errorCode())) {
                throw e;
            }
            created = createdByEarlierAttempt(command, modelName, state, e);
            models.updateDefinition(state.workspace.id(), created.id(), definition, listener);
        }
        LOG.infof("Job %s created semantic model '%s' (%s) in workspace %s", command.jobId(), modelName, created.id(),
                state.workspace.id());
        return created.id();
    }

    /** The model an overlapping earlier attempt of this job created, or the name conflict as it was. */
    private FabricItem createdByEarlierAttempt(DeploySemanticModel command, String modelName, State state, FabricException conflict) {
        try {
            FabricItem own = lookup.createdBy(state.workspace.id(), modelName, command.jobId());
            LOG.infof("Job %s: semantic model '%s' (%s) was created by an earlier attempt of this job", command.jobId(),
                    modelName, own.id());
            return own;
        } catch (ModelLookup.NotListedYetException | ModelLookup.NotOursException e) {
            throw conflict;
        } catch (InterruptedException e) {
            // Shutdown: the runner leaves the command unacknowledged, so the next owner waits again.
            Thread.currentThread().interrupt();
            throw conflict;
        }
    }

    private String update(DeploySemanticModel command, String modelName, String userDescription, State state,
            ProgressListener listener) {
        FabricItem existing = state.existing.orElseThrow();
        // A redelivered create keeps its created-by mark; otherwise the model is now this job's update.
        String description = DeploymentMarker.createdBy(existing.description(), command.jobId())
                ? DeploymentMarker.created(userDescription, command.jobId())
                : DeploymentMarker.updated(userDescription, command.jobId());
        models.updateDefinition(state.workspace.id(), existing.id(),
                PlatformMetadata.stamp(state.definition, modelName, description).toFabric(), listener);
        LOG.infof("Job %s replaced the definition of semantic model '%s' (%s) in workspace %s", command.jobId(), modelName,
                existing.id(), state.workspace.id());
        return existing.id();
    }


    /** What the steps learn, handed from one to the next. */
    private static final class State {
        Environment environment;
        List<Replacement> replacements = List.of();
        List<Map<String, Object>> replaced = List.of();
        List<Map<String, Object>> bound = List.of();
        PackagedDefinition definition;
        Workspace workspace;
        Optional<FabricItem> existing = Optional.empty();
        String modelId;
        String outcome;
    }
}
