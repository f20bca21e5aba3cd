package io.weft.provisioner.service;

import io.weft.fabric.client.graphmodel.GraphModelClient;
import io.weft.fabric.client.item.FabricItem;
import io.weft.provisioner.config.ProvisionerConfig;
import io.weft.support.jobs.JobCancelledException;
import io.weft.support.jobs.JobContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
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
    private final ProvisionerConfig config;

    public GraphModelDiscovery(GraphModelClient graphModels, ProvisionerConfig config) {
        this.graphModels = graphModels;
        this.config = config;
    }

    /**
     * @throws GraphModelNotFoundException when none appears within the budget
     * @throws JobCancelledException       when the job is cancelled while waiting
     */
    public FabricItem discover(String workspaceId, String ontologyName, JobContext context,
            JobContext.StepProgress progress) throws InterruptedException {
        ProvisionerConfig.GraphModel settings = config.graphModel();
        long deadline = System.nanoTime() + settings.budget().toNanos();
        Duration interval = settings.pollInterval();
        int lookups = 0;
        while (true) {
            lookups++;
            Optional<FabricItem> found = match(graphModels.list(workspaceId), ontologyName);
            if (found.isPresent()) {
                return found.get();
            }
            progress.report(lookups, 0, "lookups", null, "waiting for the graph model of " + ontologyName);
            if (context.cancelRequested()) {
                throw new JobCancelledException("cancel requested while waiting for the graph model");
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new GraphModelNotFoundException("Fabric created no graph model for the ontology " + ontologyName
                        + " within " + settings.budget());
            }
            Thread.sleep(Math.min(interval.toMillis(), Math.max(1, remaining / 1_000_000)));
            interval = interval.multipliedBy(2).compareTo(settings.maxPollInterval()) > 0 ? settings.maxPollInterval()
                    : interval.multipliedBy(2);
        }
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
