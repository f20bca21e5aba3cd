package io.weft.provisioner.service;

import io.weft.archive.staged.StagedArchiveJanitor;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.fabric.client.item.FabricItem;
import io.weft.provisioner.archive.ExtractedTable;
import io.weft.provisioner.config.ProvisionerConfig;
import io.weft.provisioner.ontology.OntologyBuilder;
import io.weft.provisioner.ontology.OntologyDefinition;
import io.weft.provisioner.ontology.TableProfile;
import io.weft.provisioner.ontology.TableProfiler;
import io.weft.support.jobs.JobContext;
import io.weft.support.jobs.JobHandler;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Provisions a graph scenario: the staged archive's CSV files become lakehouse tables, an ontology bound to
 * them and the graph model Fabric builds from it. Every step is idempotent, so a redelivered or duplicated
 * command ends with the same single set of Fabric items.
 */
@ApplicationScoped
public class GraphScenarioJob implements JobHandler<ProvisionGraphScenario> {

    public static final String KIND = "graph-scenario";

    private final ArchiveFetcher fetcher;
    private final ScenarioFabric fabric;
    private final GraphModelDiscovery graphModels;
    private final StagedArchiveJanitor janitor;
    private final ProvisionerConfig config;

    public GraphScenarioJob(ArchiveFetcher fetcher, ScenarioFabric fabric, GraphModelDiscovery graphModels,
            StagedArchiveJanitor janitor, ProvisionerConfig config) {
        this.fetcher = fetcher;
        this.fabric = fabric;
        this.graphModels = graphModels;
        this.janitor = janitor;
        this.config = config;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> steps(ProvisionGraphScenario command) {
        return Steps.ALL;
    }

    @Override
    public Map<String, Object> run(ProvisionGraphScenario command, JobContext context) throws Exception {
        Run run = new Run(command);
        try {
            context.step(Steps.FETCH_ARCHIVE, run::fetchArchive);
            context.step(Steps.PREPARE_LAKEHOUSE, run::prepareLakehouse);
            context.step(Steps.UPLOAD_FILES, run::uploadFiles);
            context.step(Steps.LOAD_TABLES, run::loadTables);
            context.step(Steps.APPLY_ONTOLOGY, run::applyOntology);
            context.step(Steps.DISCOVER_GRAPH_MODEL, progress -> run.discoverGraphModel(context, progress));
        } finally {
            if (run.files != null) {
                run.files.close();
            }
        }
        janitor.succeeded(command.jobId(), command.archive());
        return run.result();
    }

    /** One run of the job: what each step hands to the next. */
    private final class Run {
        private final ProvisionGraphScenario command;
        private ScenarioFiles files;
        private LakehouseTarget target;
        private OntologyDefinition ontology;
        private FabricItem ontologyItem;
        private FabricItem graphModel;

        Run(ProvisionGraphScenario command) {
            this.command = command;
        }

        Map<String, Object> fetchArchive(JobContext.StepProgress progress) throws IOException {
            files = fetcher.fetch(command);
            progress.report(files.tables().size(), files.tables().size(), "files", null, null);
            return Map.of("files", files.tables().size(), "bytes", files.totalBytes());
        }

        Map<String, Object> prepareLakehouse(JobContext.StepProgress progress) {
            target = fabric.prepareLakehouse(command.workspace(), command.lakehouseName(), progress);
            return Map.of("workspaceId", target.workspaceId(), "lakehouseId", target.lakehouseId(),
                    "lakehouseName", target.lakehouseName());
        }

        Map<String, Object> uploadFiles(JobContext.StepProgress progress) {
            fabric.upload(target, command.scenarioName(), files.tables(), progress);
            return Map.of("directory", ScenarioFabric.relativeFilesPath(command.scenarioName()),
                    "files", files.tables().size(), "bytes", files.totalBytes());
        }

        Map<String, Object> loadTables(JobContext.StepProgress progress) {
            fabric.loadTables(target, command.scenarioName(), files.tables(), progress);
            return Map.of("tables", tableNames());
        }

        Map<String, Object> applyOntology(JobContext.StepProgress progress) throws IOException {
            List<TableProfile> profiles = new ArrayList<>();
            for (ExtractedTable table : files.tables()) {
                profiles.add(TableProfiler.profile(table.table(), table.file(), config.ontology().sampleRows()));
            }
            ontology = OntologyBuilder.build(target.workspaceId(), target.lakehouseId(), profiles);
            ontologyItem = fabric.applyOntology(target, command.ontologyName(), ontology, progress);
            return Map.of("ontologyId", ontologyItem.id(), "entityTypes", ontology.entityTypes().size(),
                    "relationshipTypes", ontology.relationshipTypes().size());
        }

        Map<String, Object> discoverGraphModel(JobContext context, JobContext.StepProgress progress)
                throws InterruptedException {
            graphModel = graphModels.discover(target.workspaceId(), ontologyItem.displayName(), context, progress);
            return Map.of("graphModelId", graphModel.id(), "graphModelName", graphModel.displayName());
        }

        List<String> tableNames() {
            return files.tables().stream().map(ExtractedTable::table).toList();
        }

        Map<String, Object> result() {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("workspace", Map.of("id", target.workspaceId(), "name", target.workspaceName()));
            result.put("lakehouse", Map.of("id", target.lakehouseId(), "name", target.lakehouseName()));
            result.put("tables", tableNames());
            result.put("ontology", Map.of("id", ontologyItem.id(), "name", ontologyItem.displayName(),
                    "entityTypes", ontology.entityTypes().stream().map(OntologyDefinition.EntityType::name).toList(),
                    "relationshipTypes", ontology.relationshipTypes().stream().map(OntologyDefinition.RelationshipType::name).toList()));
            result.put("graphModel", Map.of("id", graphModel.id(), "name", graphModel.displayName()));
            return result;
        }
    }
}
