package io.weft.provisioner.service;

import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.item.DefinitionPart;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.item.ItemDefinition;
import io.weft.fabric.client.lakehouse.Lakehouse;
import io.weft.fabric.client.lakehouse.LakehouseClient;
import io.weft.fabric.client.lakehouse.LoadTableRequest;
import io.weft.fabric.client.onelake.OneLakeClient;
import io.weft.fabric.client.onelake.UploadFile;
import io.weft.fabric.client.onelake.UploadProgress;
import io.weft.fabric.client.ontology.OntologyClient;
import io.weft.fabric.client.workspace.Workspace;
import io.weft.fabric.client.workspace.WorkspaceClient;
import io.weft.provisioner.archive.ExtractedTable;
import io.weft.provisioner.ontology.OntologyDefinition;
import io.weft.support.jobs.JobContext.StepProgress;
import io.weft.support.jobs.ResourceFailure;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Fabric side of a graph scenario, every operation idempotent: items are found before they are created,
 * files overwritten, tables loaded in Overwrite mode, the ontology definition replaced whole. Throttling,
 * transient errors and long-running operations are handled by the fabric-client underneath.
 */
@ApplicationScoped
public class ScenarioFabric {

    private static final String NAME_IN_USE = "ItemDisplayNameAlreadyInUse";

    private final WorkspaceClient workspaces;
    private final LakehouseClient lakehouses;
    private final OneLakeClient oneLake;
    private final OntologyClient ontologies;

    public ScenarioFabric(WorkspaceClient workspaces, LakehouseClient lakehouses, OneLakeClient oneLake,
            OntologyClient ontologies) {
        this.workspaces = workspaces;
        this.lakehouses = lakehouses;
        this.oneLake = oneLake;
        this.ontologies = ontologies;
    }

    /** Resolves the workspace (GUID or name) and finds or creates the lakehouse, with schemas disabled. */
    public LakehouseTarget prepareLakehouse(String workspace, String lakehouseName, StepProgress progress) {
        Workspace resolved = withResource("workspace " + workspace, () -> workspaces.resolve(workspace));
        Lakehouse lakehouse = withResource("lakehouse " + lakehouseName, () -> findOrCreate(
                () -> lakehouses.findByName(resolved.id(), lakehouseName),
                () -> lakehouses.create(resolved.id(), lakehouseName, "Created by Weft", false,
                        p -> progress.report(0, 0, "percent", p.percentComplete(), "creating lakehouse " + lakehouseName))));
        return new LakehouseTarget(resolved.id(), resolved.displayName(), lakehouse.id(), lakehouse.displayName());
    }

    /** The OneLake directory of a scenario's files, relative to the workspace: {@code <lakehouseId>/Files/<scenario>}. */
    public static String filesDirectory(LakehouseTarget target, String scenario) {
        return target.lakehouseId() + "/" + relativeFilesPath(scenario);
    }

    /** The lakehouse-relative path of a scenario's files: {@code Files/<scenario>}. */
    public static String relativeFilesPath(String scenario) {
        return "Files/" + scenario;
    }

    /** Uploads (overwriting) the tables' files, several at once, reporting files and bytes. */
    public void upload(LakehouseTarget target, String scenario, List<ExtractedTable> tables, StepProgress progress) {
        List<UploadFile> files = tables.stream().map(t -> UploadFile.fromPath(t.fileName(), t.file())).toList();
        UploadProgress.Listener listener = p -> progress.report(p.bytesDone(), p.bytesTotal(), "bytes", null,
                p.filesDone() + "/" + p.filesTotal() + " files");
        withResource(relativeFilesPath(scenario), () -> {
            oneLake.upload(target.workspaceId(), filesDirectory(target, scenario), files, listener);
            return null;
        });
        // Upload threads report concurrently, so the last report published may be an earlier count: end with the total.
        long bytes = files.stream().mapToLong(UploadFile::length).sum();
        progress.report(bytes, bytes, "bytes", null, files.size() + "/" + files.size() + " files");
    }

    /** Loads each table from its file (CSV with header, Overwrite), one after another, reporting tables done. */
    public void loadTables(LakehouseTarget target, String scenario, List<ExtractedTable> tables, StepProgress progress) {
        int total = tables.size();
        for (int i = 0; i < total; i++) {
            ExtractedTable table = tables.get(i);
            int done = i;
            String relativePath = relativeFilesPath(scenario) + "/" + table.fileName();
            progress.report(done, total, "tables", null, table.table());
            withResource(table.table(), () -> {
                lakehouses.loadTable(target.workspaceId(), target.lakehouseId(), table.table(),
                        LoadTableRequest.csvFile(relativePath, LoadTableRequest.Mode.Overwrite, true, ","),
                        p -> progress.report(done, total, "tables", p.percentComplete(), table.table()));
                return null;
            });
        }
        progress.report(total, total, "tables", 100, null);
    }

    /** Finds or creates the ontology and gives it this definition, replacing any earlier one whole. */
    public FabricItem applyOntology(LakehouseTarget target, String ontologyName, OntologyDefinition definition,
            StepProgress progress) {
        ItemDefinition fabricDefinition = new ItemDefinition(null, definition.parts().stream()
                .map(part -> DefinitionPart.inline(part.path(), part.payload())).toList());
        return withResource("ontology " + ontologyName, () -> {
            Optional<FabricItem> existing = ontologies.findByName(target.workspaceId(), ontologyName);
            if (existing.isPresent()) {
                ontologies.updateDefinition(target.workspaceId(), existing.get().id(), fabricDefinition,
                        p -> progress.report(0, 0, "percent", p.percentComplete(), "updating the definition"));
                return existing.get();
            }
            return findOrCreate(() -> Optional.<FabricItem>empty(),
                    () -> ontologies.create(target.workspaceId(), ontologyName, "Created by Weft from the lakehouse "
                            + target.lakehouseName(), fabricDefinition,
                            p -> progress.report(0, 0, "percent", p.percentComplete(), "creating the ontology")),
                    () -> {
                        // Created concurrently (or by an attempt whose answer was lost): replace its definition.
                        FabricItem found = ontologies.findByName(target.workspaceId(), ontologyName).orElseThrow();
                        ontologies.updateDefinition(target.workspaceId(), found.id(), fabricDefinition, null);
                        return found;
                    });
        });
    }

    private static <T> T findOrCreate(Supplier<Optional<T>> find, Supplier<T> create) {
        return findOrCreate(find, create, () -> find.get().orElseThrow());
    }

    /** Finds the item, else creates it; a name already in use (a concurrent creation) falls back to {@code onConflict}. */
    private static <T> T findOrCreate(Supplier<Optional<T>> find, Supplier<T> create, Supplier<T> onConflict) {
        Optional<T> existing = find.get();
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return create.get();
        } catch (FabricException e) {
            if (NAME_IN_USE.equals(e.errorCode())) {
                return onConflict.get();
            }
            throw e;
        }
    }

    private static <T> T withResource(String resource, Supplier<T> work) {
        try {
            return work.get();
        } catch (FabricException e) {
            throw new ResourceFailure(resource, e);
        }
    }
}
