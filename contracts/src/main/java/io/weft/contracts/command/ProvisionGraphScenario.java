package io.weft.contracts.command;

import java.time.Instant;

/**
 * Provision a graph scenario: load an uploaded archive's CSVs into a lakehouse, and build an ontology and
 * its graph model over them.
 *
 * @param jobId         the job this command starts
 * @param workspace     the Fabric workspace, GUID or display name
 * @param scenarioName  the scenario's name; files go under {@code Files/<scenarioName>/}
 * @param lakehouseName the lakehouse to find or create
 * @param ontologyName  the ontology to find or create
 * @param archive       the staged archive (claim check)
 * @param manifest      the tables the gateway found in the archive
 * @param requestedAt   when the request was accepted
 * @param requestedBy who asked for it (the gateway's authenticated caller), or null when not known
 */
public record ProvisionGraphScenario(String jobId, String workspace, String scenarioName, String lakehouseName,
        String ontologyName, StagedArchive archive, ScenarioManifest manifest, Instant requestedAt, Requester requestedBy)
        implements ProvisionCommand {

    /** Without a requester (tests, and producers that do not say). */
    public ProvisionGraphScenario(String jobId, String workspace, String scenarioName, String lakehouseName,
            String ontologyName, StagedArchive archive, ScenarioManifest manifest, Instant requestedAt) {
        this(jobId, workspace, scenarioName, lakehouseName, ontologyName, archive, manifest, requestedAt, null);
    }
}
