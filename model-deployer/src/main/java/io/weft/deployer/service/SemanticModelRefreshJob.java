package io.weft.deployer.service;

import io.weft.contracts.command.RefreshSemanticModel;
import io.weft.fabric.client.ClientErrorCodes;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.semanticmodel.SemanticModelClient;
import io.weft.fabric.client.workspace.Workspace;
import io.weft.fabric.client.workspace.WorkspaceClient;
import io.weft.support.jobs.JobContext;
import io.weft.support.jobs.JobHandler;
import io.weft.support.jobs.ResourceFailure;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Refreshes a semantic model on request: resolves the workspace and the model (GUID, or display name), then the
 * {@link ModelRefresh} steps.
 */
@ApplicationScoped
public class SemanticModelRefreshJob implements JobHandler<RefreshSemanticModel> {

    /** The job kind: the noun of the command's CloudEvent type. */
    public static final String KIND = "semantic-model-refresh";
    public static final String RESOLVE_MODEL = "resolve-model";

    private final WorkspaceClient workspaces;
    private final SemanticModelClient models;
    private final ModelRefresh refresh;

    public SemanticModelRefreshJob(WorkspaceClient workspaces, SemanticModelClient models, ModelRefresh refresh) {
        this.workspaces = workspaces;
        this.models = models;
        this.refresh = refresh;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> steps(RefreshSemanticModel command) {
        List<String> steps = new ArrayList<>(List.of(RESOLVE_MODEL));
        steps.addAll(ModelRefresh.STEPS);
        return steps;
    }

    @Override
    public Map<String, Object> run(RefreshSemanticModel command, JobContext context) throws Exception {
        String[] resolved = new String[3];
        context.step(RESOLVE_MODEL, progress -> {
            Workspace workspace = workspaces.resolve(command.workspace());
            String label = command.modelId() != null ? command.modelId() : command.modelName();
            FabricItem model;
            try {
                model = command.modelId() != null ? models.get(workspace.id(), command.modelId())
                        : models.findByName(workspace.id(), command.modelName()).orElseThrow(() -> new FabricException(
                                ClientErrorCodes.NOT_FOUND, "No semantic model named '" + command.modelName() + "' in workspace '"
                                + workspace.displayName() + "'", null, 404, false, null));
            } catch (FabricException e) {
                throw new ResourceFailure(label, e);
            }
            resolved[0] = workspace.id();
            resolved[1] = model.id();
            resolved[2] = model.displayName();
            return Map.of("workspaceId", workspace.id(), "modelId", model.id(), "modelName", model.displayName());
        });
        return refresh.run(command.jobId(), resolved[0], resolved[1], resolved[2], command.options(), context);
    }
}
