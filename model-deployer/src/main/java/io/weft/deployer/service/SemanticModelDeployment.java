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
import io.weft.fabric.client.connection.Connection;
import io.weft.fabric.client.connection.ConnectionClient;
import io.weft.fabric.client.item.DefinitionPart;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.item.ItemDefinition;
import io.weft.fabric.client.semanticmodel.SemanticModelClient;
import io.weft.fabric.client.workspace.Workspace;
import io.weft.fabric.client.workspace.WorkspaceClient;
import io.weft.support.jobs.JobContext;
import io.weft.support.jobs.JobFailureException;
import io.weft.support.jobs.JobHandler;
import io.weft.support.jobs.ResourceFailure;
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
    /** Error code of a binding whose connection Fabric does not list for the deployer's identity. */
    public static final String CONNECTION_NOT_FOUND = "ConnectionNotFound";

    private static final Logger LOG = Logger.getLogger(SemanticModelDeployment.class);
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
    private final ConnectionClient connections;
    private final ModelRefresh refresh;

    @Inject
    public SemanticModelDeployment(DefinitionLoader definitions, WorkspaceClient workspaces, SemanticModelClient models,
            ModelLookup lookup, StagedArchiveJanitor janitor, Clock clock, EnvironmentCatalog environments,
            DefinitionParameters parameters, ConnectionClient connections, ModelRefresh refresh) {
        this.refresh = refresh;
        this.definitions = definitions;
        this.connections = connections;
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
                state.bound = bind(state, bindings);
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

    private String create(DeploySemanticModel command, String modelName, String userDescription, State state,
            ProgressListener listener) {
        String description = DeploymentMarker.created(userDescription, command.jobId());
        ItemDefinition definition = toFabric(PlatformMetadata.stamp(state.definition, modelName, description));
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
                toFabric(PlatformMetadata.stamp(state.definition, modelName, description)), listener);
        LOG.infof("Job %s replaced the definition of semantic model '%s' (%s) in workspace %s", command.jobId(), modelName,
                existing.id(), state.workspace.id());
        return existing.id();
    }


    /**
     * Binds each data source to its connection. Every connection is resolved (one listing) before the first bind,
     * so missing ones fail the step all named at once and nothing is half-bound for that reason. Binding again is
     * harmless (Fabric replaces a data source's binding), so a redelivery repeats the step.
     */
    private List<Map<String, Object>> bind(State state, List<ConnectionBinding> bindings) {
        List<Connection> visible;
        try {
            visible = connections.list();
        } catch (FabricException e) {
            throw new ResourceFailure("connections", e);
        }
        List<String> missing = new java.util.ArrayList<>();
        Map<ConnectionBinding, Connection> resolved = new LinkedHashMap<>();
        for (ConnectionBinding binding : bindings) {
            visible.stream().filter(c -> binding.connection().equalsIgnoreCase(c.id()) || binding.connection().equalsIgnoreCase(c.displayName()))
                    .findFirst().ifPresentOrElse(c -> resolved.put(binding, c), () -> missing.add("'" + binding.connection()
                            + "' (for data source " + binding.dataSourceType() + " '" + binding.dataSourcePath() + "')"));
        }
        if (!missing.isEmpty()) {
            throw new JobFailureException(CONNECTION_NOT_FOUND, (missing.size() == 1 ? "Connection " : "Connections ")
                    + String.join(", ", missing) + " of environment '" + state.environment.name() + "' "
                    + (missing.size() == 1 ? "does" : "do") + " not exist or " + (missing.size() == 1 ? "is" : "are")
                    + " not visible to the deployer's identity", bindings.get(0).connection(), false);
        }
        List<Map<String, Object>> bound = new java.util.ArrayList<>();
        resolved.forEach((binding, connection) -> {
            try {
                models.bindConnection(state.workspace.id(), state.modelId, connection.id(), binding.connectivityType(),
                        binding.dataSourceType(), binding.dataSourcePath());
            } catch (FabricException e) {
                throw new ResourceFailure(binding.connection(), e);
            }
            bound.add(Map.of("dataSourceType", binding.dataSourceType(), "dataSourcePath", binding.dataSourcePath(),
                    "connection", connection.displayName(), "connectionId", connection.id()));
        });
        return bound;
    }

    private static ItemDefinition toFabric(PackagedDefinition definition) {
        return new ItemDefinition(definition.format().name(), definition.parts().stream()
                .map(part -> new DefinitionPart(part.path(), part.payload(), DefinitionPart.INLINE_BASE64))
                .toList());
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
