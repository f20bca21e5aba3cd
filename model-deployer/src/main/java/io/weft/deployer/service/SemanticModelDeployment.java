package io.weft.deployer.service;

import io.weft.archive.staged.StagedArchiveJanitor;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.deployer.definition.PackagedDefinition;
import io.weft.deployer.definition.PlatformMetadata;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.ProgressListener;
import io.weft.fabric.client.item.DefinitionPart;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.item.ItemDefinition;
import io.weft.fabric.client.semanticmodel.SemanticModelClient;
import io.weft.fabric.client.workspace.Workspace;
import io.weft.fabric.client.workspace.WorkspaceClient;
import io.weft.support.jobs.JobContext;
import io.weft.support.jobs.JobHandler;
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
 */
@ApplicationScoped
public class SemanticModelDeployment implements JobHandler<DeploySemanticModel> {

    /** The job kind: the noun of the command's CloudEvent type, as the gateway and the tracker name it too. */
    public static final String KIND = "semantic-model";
    public static final String PACKAGE_DEFINITION = "package-definition";
    public static final String RESOLVE_WORKSPACE = "resolve-workspace";
    public static final String FIND_MODEL = "find-model";
    public static final String DEPLOY_DEFINITION = "deploy-definition";

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

    @Inject
    public SemanticModelDeployment(DefinitionLoader definitions, WorkspaceClient workspaces, SemanticModelClient models,
            ModelLookup lookup, StagedArchiveJanitor janitor, Clock clock) {
        this.definitions = definitions;
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
        return List.of(PACKAGE_DEFINITION, RESOLVE_WORKSPACE, FIND_MODEL, DEPLOY_DEFINITION);
    }

    @Override
    public Map<String, Object> run(DeploySemanticModel command, JobContext context) throws Exception {
        String modelName = naming.finalName(command);
        State state = new State();

        context.step(PACKAGE_DEFINITION, progress -> {
            state.definition = definitions.load(command.definition());
            progress.report(state.definition.parts().size(), state.definition.parts().size(), "files", null, null);
            return Map.of("format", state.definition.format().name(), "parts", state.definition.parts().size(),
                    "tables", state.definition.tables(), "bytes", state.definition.totalBytes());
        });

        context.step(RESOLVE_WORKSPACE, progress -> {
            state.workspace = workspaces.resolve(command.workspace());
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
                throw new ModelStepException(modelName, e);
            }
            state.outcome = plan.outcome();
            progress.report(100, 100, "percent", 100, plan.outcome());
            return Map.of("modelId", state.modelId, "outcome", plan.outcome());
        });

        janitor.succeeded(command.jobId(), command.definition().archive());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("modelId", state.modelId);
        result.put("modelName", modelName);
        result.put("outcome", state.outcome);
        result.put("mode", command.mode().name().toLowerCase(java.util.Locale.ROOT));
        result.put("workspaceId", state.workspace.id());
        result.put("format", state.definition.format().name());
        result.put("deployedAt", clock.instant().toString());
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


    private static ItemDefinition toFabric(PackagedDefinition definition) {
        return new ItemDefinition(definition.format().name(), definition.parts().stream()
                .map(part -> new DefinitionPart(part.path(), part.payload(), DefinitionPart.INLINE_BASE64))
                .toList());
    }

    /** What the steps learn, handed from one to the next. */
    private static final class State {
        PackagedDefinition definition;
        Workspace workspace;
        Optional<FabricItem> existing = Optional.empty();
        String modelId;
        String outcome;
    }
}
