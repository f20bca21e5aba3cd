package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.admin.FaultRegistry;
import io.weft.fabric.emulator.http.HttpCall;
import io.weft.fabric.emulator.onelake.OneLakeStore;

import java.time.Clock;

/**
 * The emulated Fabric control plane, one piece per resource: {@link WorkspaceStore}, {@link ItemStore},
 * {@link DefinitionService}, {@link TableLoads} and {@link Operations}. It wires them, and answers what spans them
 * (deleting a workspace with its items, the admin state, reset). The pieces share one lock because items refer to
 * workspaces and operations change items.
 */
public final class FabricService implements AutoCloseable {

    public static final String LAKEHOUSE = "Lakehouse";
    public static final String SQL_ENDPOINT = "SQLEndpoint";
    public static final String SEMANTIC_MODEL = "SemanticModel";
    public static final String ONTOLOGY = "Ontology";
    public static final String GRAPH_MODEL = "GraphModel";

    private final Object lock = new Object();
    private final RuntimeSettings settings;
    private final FaultRegistry faults;
    private final WorkspaceStore workspaces;
    private final Operations operations;
    private final ItemStore items;
    private final DefinitionService definitions;
    private final TableLoads tables;
    private final ItemJobs jobs;
    private final PowerBiRefreshes refreshes;
    private final DeploymentPipelines pipelines;

    public FabricService(RuntimeSettings settings, FaultRegistry faults, OneLakeStore oneLake, Clock clock, long seed) {
        this.settings = settings;
        this.faults = faults;
        this.workspaces = new WorkspaceStore(lock, oneLake, clock);
        this.operations = new Operations(settings, faults, clock, seed);
        this.items = new ItemStore(lock, workspaces, operations, settings, faults, oneLake, clock);
        this.definitions = new DefinitionService(lock, items, operations, settings, clock);
        this.tables = new TableLoads(lock, items, operations, oneLake, clock);
        this.jobs = new ItemJobs(this, clock);
        this.refreshes = new PowerBiRefreshes(this, clock);
        this.pipelines = new DeploymentPipelines(lock, workspaces, items, operations, faults, clock);
    }

    /** The job scheduler: on-demand item job runs and their instances. */
    public ItemJobs jobs() {
        return jobs;
    }

    /** Power BI semantic model refreshes. */
    public PowerBiRefreshes refreshes() {
        return refreshes;
    }

    /** Deployment pipelines: stages, their workspaces, and deploying stage content. */
    public DeploymentPipelines pipelines() {
        return pipelines;
    }

    public RuntimeSettings settings() {
        return settings;
    }

    /** The injected faults, for the response-shaping ones the API applies (pollState, relativeUrls). */
    public FaultRegistry faults() {
        return faults;
    }

    public WorkspaceStore workspaces() {
        return workspaces;
    }

    public ItemStore items() {
        return items;
    }

    public DefinitionService definitions() {
        return definitions;
    }

    public TableLoads tables() {
        return tables;
    }

    public Operations operations() {
        return operations;
    }

    /** Deletes a workspace and every item in it. */
    public void deleteWorkspace(String id) {
        synchronized (lock) {
            Workspace w = workspaces.workspace(id);
            items.removeWorkspace(w.id);
            workspaces.remove(w.id);
        }
    }

    /** Workspaces with their items and tables, and operations: the body of {@code GET /_emulator/state}. */
    public ObjectNode state() {
        synchronized (lock) {
            items.refresh();
            ObjectNode root = HttpCall.JSON.createObjectNode();
            ArrayNode ws = root.putArray("workspaces");
            for (Workspace w : workspaces.all()) {
                ObjectNode wn = workspaces.json(w, false);
                ws.add(wn);
                items.describe(w.id, wn.putArray("items"));
            }
            operations.describe(root.putArray("operations"));
            return root;
        }
    }

    public void reset() {
        synchronized (lock) {
            workspaces.clear();
            items.clear();
            operations.clear();
        }
        jobs.reset();
        refreshes.reset();
        pipelines.reset();
    }

    @Override
    public void close() {
        operations.close();
    }
}
