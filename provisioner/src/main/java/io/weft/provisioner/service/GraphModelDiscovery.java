package io.weft.provisioner.service;

import io.weft.fabric.client.graphmodel.GraphModelClient;
import io.weft.fabric.client.item.FabricItem;
import io.weft.provisioner.config.ProvisionerConfig;
import io.weft.support.fabric.ListingWait;
import io.weft.support.jobs.JobCancelledException;
import io.weft.support.jobs.JobContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the graph model Fabric creates for an ontology once its definition is applied, waiting for it within
 * a budget. The naming rule: the graph model whose display name is {@code <ontology>_graph}, else one whose
 * name starts with {@code <ontology>_} (case-insensitively).
 */
@ApplicationScoped
public class GraphModelDiscovery {

    private final GraphModelClient graphModels;
    private final ListingWait listing;
    private final ProvisionerConfig config;

    public GraphModelDiscovery(GraphModelClient graphModels, ListingWait listing, ProvisionerConfig config) {
        this.graphModels = graphModels;
        this.listing = listing;
        this.config = config;
    }

    /**
     * @throws GraphModelNotFoundException when none appears within the budget
     * @throws JobCancelledException       when the job is cancelled while waiting
     */
    public FabricItem discover(String workspaceId, String ontologyName, JobContext context,
            JobContext.StepProgress progress) throws InterruptedException {
        ProvisionerConfig.GraphModel settings = config.graphModel();
        return listing.until("graph model of " + ontologyName, () -> match(graphModels.list(workspaceId), ontologyName),
                new ListingWait.Schedule(settings.pollInterval(), settings.maxPollInterval(), settings.budget()),
                lookups -> {
                    progress.report(lookups, 0, "lookups", null, "waiting for the graph model of " + ontologyName);
                    if (context.cancelRequested()) {
                        throw new JobCancelledException("cancel requested while waiting for the graph model");
                    }
                })
                .orElseThrow(() -> new GraphModelNotFoundException("Fabric created no graph model for the ontology "
                        + ontologyName + " within " + settings.budget()));
    }

    static Optional<FabricItem> match(List<FabricItem> graphModels, String ontologyName) {
        String exact = (ontologyName + "_graph").toLowerCase(Locale.ROOT);
        String prefix = (ontologyName + "_").toLowerCase(Locale.ROOT);
        return graphModels.stream().filter(g -> g.displayName() != null && g.displayName().toLowerCase(Locale.ROOT).equals(exact))
                .findFirst()
                .or(() -> graphModels.stream()
                        .filter(g -> g.displayName() != null && g.displayName().toLowerCase(Locale.ROOT).startsWith(prefix))
                        .findFirst());
    }
}
