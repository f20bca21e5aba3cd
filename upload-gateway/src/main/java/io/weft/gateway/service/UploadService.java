package io.weft.gateway.service;

import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.contracts.command.StagedArchive;
import io.weft.archive.ArchiveFormat;
import io.weft.archive.ArchiveWalker;
import io.weft.gateway.archive.Problem;
import io.weft.gateway.archive.Rules;
import io.weft.gateway.config.GatewayConfig;
import io.weft.gateway.idempotency.IdempotencyStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Turns a scenario upload into a {@link ProvisionGraphScenario} command. */
@ApplicationScoped
public class UploadService {

    /** The job kind of scenario uploads. */
    public static final String KIND = "graph-scenario";

    private final ScenarioInspector inspector;
    private final JobAcceptance acceptance;
    private final OnePassStaging onePass;

    public UploadService(GatewayConfig config, JobAcceptance acceptance, OnePassStaging onePass) {
        this.inspector = new ScenarioInspector(new ArchiveWalker(config.archive().limits()),
                Math.toIntExact(config.archive().maxHeaderSize().asLongValue()));
        this.acceptance = acceptance;
        this.onePass = onePass;
    }

    /**
     * An upload as received.
     *
     * @param archive  the uploaded file on local disk (where the HTTP layer streamed it), or {@code null}
     * @param fileName the client's file name
     */
    public record Upload(Path archive, String fileName, String scenarioName, String workspace, String lakehouseName,
            String ontologyName) {
    }

    /**
     * @throws ValidationFailedException   listing every problem, when the upload is refused
     * @throws BrokerUnavailableException  when Kafka did not take the command
     */
    public IdempotencyStore.Outcome accept(Upload upload, Optional<String> idempotencyKey) {
        List<Problem> problems = new ArrayList<>();
        Optional<String> scenario = Names.require("scenarioName", upload.scenarioName(), Names.SCENARIO,
                Names.SCENARIO.pattern(), problems);
        Optional<String> workspace = Names.workspace(upload.workspace(), problems);
        Optional<String> lakehouse = optionalName("lakehouseName", upload.lakehouseName(), Names.LAKEHOUSE, problems);
        Optional<String> ontology = optionalName("ontologyName", upload.ontologyName(), Names.ONTOLOGY, problems);
        ScenarioInspector.Inspection inspection = null;
        Optional<StagedArchive> staged = Optional.empty();
        if (upload.archive() == null) {
            problems.add(Problem.ofField("archive", Rules.FIELD_REQUIRED, "the scenario archive is required"));
        } else {
            Optional<ArchiveFormat> format = UploadedArchives.format(upload.archive(), upload.fileName(), problems);
            if (format.isPresent() && problems.isEmpty() && format.get().readableAsStream()) {
                // One read of the file: staged and hashed while inspected; nothing stays staged if it is refused.
                var read = onePass.stage(upload.archive(), upload.fileName(), in -> inspector.inspect(in, format.get()),
                        found -> found.problems().isEmpty());
                inspection = read.result();
                staged = read.staged();
                problems.addAll(inspection.problems());
            } else if (format.isPresent()) {
                // A zip is inspected through its central directory, at its end, then staged: two reads. So is any
                // upload whose fields are already refused, so that all its problems are reported, and nothing staged.
                inspection = inspector.inspect(upload.archive(), format.get());
                problems.addAll(inspection.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailedException("The upload is not a valid scenario", problems);
        }
        String scenarioName = scenario.orElseThrow();
        String lakehouseName = lakehouse.orElseGet(() -> Names.defaultLakehouse(scenarioName));
        String ontologyName = ontology.orElseGet(() -> Names.defaultOntology(scenarioName));
        var manifest = inspection.manifest();
        String fingerprint = Fingerprint.of("uploads", scenarioName, workspace.orElseThrow(), lakehouseName, ontologyName);
        Function<StagedArchive, JobAcceptance.CommandFactory> command = archive -> (jobId, requestedAt, requestedBy) ->
                new ProvisionGraphScenario(jobId, workspace.get(), scenarioName, lakehouseName, ontologyName, archive, manifest,
                        requestedAt, requestedBy);
        return staged.isPresent()
                ? acceptance.acceptStaged(staged.get(), idempotencyKey, fingerprint, KIND, manifest, command)
                : acceptance.acceptStaged(upload.archive(), upload.fileName(), idempotencyKey, fingerprint, KIND, manifest, command);
    }

    private static Optional<String> optionalName(String field, String value, java.util.regex.Pattern pattern,
            List<Problem> problems) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Names.check(field, value.strip(), pattern, pattern.pattern(), problems);
    }
}
