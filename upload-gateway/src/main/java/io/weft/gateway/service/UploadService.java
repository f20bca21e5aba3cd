package io.weft.gateway.service;

import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.contracts.command.StagedArchive;
import io.weft.archive.ArchiveFormat;
import io.weft.archive.ArchiveWalker;
import io.weft.gateway.archive.Problem;
import io.weft.gateway.archive.Rules;
import io.weft.gateway.config.GatewayConfig;
import io.weft.gateway.idempotency.IdempotencyStore;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a scenario upload into a {@link ProvisionGraphScenario} command, reading the multipart body once, as it
 * arrives: a tar or tar.gz archive is staged and hashed while it is inspected; a zip, whose listing is at its end,
 * is spooled to {@code quarkus.http.body.uploads-directory}, inspected there, then staged.
 */
@ApplicationScoped
public class UploadService {

    /** The job kind of scenario uploads. */
    public static final String KIND = "graph-scenario";
    /** The form's file part. */
    public static final String ARCHIVE_FIELD = "archive";

    private static final Logger LOG = Logger.getLogger(UploadService.class);

    private final ScenarioInspector inspector;
    private final JobAcceptance acceptance;
    private final OnePassStaging onePass;
    private final StreamedForm.Limits limits;
    private final Path spoolDirectory;

    public UploadService(GatewayConfig config, JobAcceptance acceptance, OnePassStaging onePass,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            @ConfigProperty(name = "quarkus.http.limits.max-chunk-size") MemorySize maxChunkSize,
            @ConfigProperty(name = "quarkus.http.limits.max-form-attribute-size") MemorySize maxFieldSize,
            @ConfigProperty(name = "quarkus.http.body.uploads-directory") Path spoolDirectory) {
        this.inspector = new ScenarioInspector(new ArchiveWalker(config.archive().limits()),
                Math.toIntExact(config.archive().maxHeaderSize().asLongValue()));
        this.acceptance = acceptance;
        this.onePass = onePass;
        this.limits = new StreamedForm.Limits(maxBodySize.map(MemorySize::asLongValue).orElse(-1L),
                maxChunkSize.asLongValue(), Math.toIntExact(maxFieldSize.asLongValue()));
        this.spoolDirectory = spoolDirectory;
    }

    /**
     * The upload's archive as its part was read: its format (empty when it is none Weft reads, with the problem
     * added), and either its inspection and staged copy (tar, tar.gz) or the file it was spooled to (zip).
     */
    private record ArchiveRead(Optional<ArchiveFormat> format, List<Problem> formatProblems,
            ScenarioInspector.Inspection inspection, Optional<StagedArchive> staged, Path spooled) {
    }

    /**
     * Reads an upload's {@code multipart/form-data} body ({@code archive}, {@code scenarioName}, {@code workspace},
     * {@code lakehouseName}, {@code ontologyName}, in any order) and accepts its job.
     *
     * @throws ValidationFailedException   listing every problem, when the upload is refused
     * @throws BodyTooLargeException       when the body grows above {@code quarkus.http.limits.max-body-size}
     * @throws MalformedBodyException      when the body is not a readable form
     * @throws BrokerUnavailableException  when Kafka did not take the command
     */
    public IdempotencyStore.Outcome accept(InputStream body, String contentType, long contentLength,
            Optional<String> idempotencyKey) {
        StreamedForm.Parsed<ArchiveRead> form = StreamedForm.read(body, contentType, contentLength, limits, ARCHIVE_FIELD,
                this::readArchive, this::discard);
        Optional<ArchiveRead> archive = form.file();
        try {
            return accept(form, archive, idempotencyKey);
        } finally {
            archive.map(ArchiveRead::spooled).ifPresent(UploadService::delete);
        }
    }

    private IdempotencyStore.Outcome accept(StreamedForm.Parsed<ArchiveRead> form, Optional<ArchiveRead> archive,
            Optional<String> idempotencyKey) {
        Map<String, String> fields = form.fields();
        List<Problem> problems = new ArrayList<>(form.problems());
        Optional<String> scenario = Names.require("scenarioName", fields.get("scenarioName"), Names.SCENARIO,
                Names.SCENARIO.pattern(), problems);
        Optional<String> workspace = Names.workspace(fields.get("workspace"), problems);
        Optional<String> lakehouse = optionalName("lakehouseName", fields.get("lakehouseName"), Names.LAKEHOUSE, problems);
        Optional<String> ontology = optionalName("ontologyName", fields.get("ontologyName"), Names.ONTOLOGY, problems);
        ScenarioInspector.Inspection inspection = null;
        if (archive.isEmpty()) {
            problems.add(Problem.ofField(ARCHIVE_FIELD, Rules.FIELD_REQUIRED, "the scenario archive is required"));
        } else {
            problems.addAll(archive.get().formatProblems());
            inspection = archive.get().inspection();
            if (inspection == null && archive.get().spooled() != null) {
                inspection = inspector.inspect(archive.get().spooled(), archive.get().format().orElseThrow());
            }
            if (inspection != null) {
                problems.addAll(inspection.problems());
            }
        }
        if (!problems.isEmpty()) {
            // The archive may have been staged before a field that came after it was found wrong.
            archive.flatMap(ArchiveRead::staged).ifPresent(acceptance::discard);
            throw new ValidationFailedException("The upload is not a valid scenario", problems);
        }
        String scenarioName = scenario.orElseThrow();
        String lakehouseName = lakehouse.orElseGet(() -> Names.defaultLakehouse(scenarioName));
        String ontologyName = ontology.orElseGet(() -> Names.defaultOntology(scenarioName));
        var manifest = inspection.manifest();
        String fingerprint = Fingerprint.of("uploads", scenarioName, workspace.orElseThrow(), lakehouseName, ontologyName);
        Function<StagedArchive, JobAcceptance.CommandFactory> command = staged -> (jobId, requestedAt, requestedBy) ->
                new ProvisionGraphScenario(jobId, workspace.get(), scenarioName, lakehouseName, ontologyName, staged, manifest,
                        requestedAt, requestedBy);
        ArchiveRead read = archive.get();
        return read.staged().isPresent()
                ? acceptance.acceptStaged(read.staged().get(), idempotencyKey, fingerprint, KIND, manifest, command)
                : acceptance.acceptStaged(read.spooled(), form.fileName(), idempotencyKey, fingerprint, KIND, manifest, command);
    }

    /** Reads the archive part as it arrives; whatever of it is refused leaves nothing staged. */
    private ArchiveRead readArchive(InputStream part, String fileName) throws IOException {
        InputStream content = new BufferedInputStream(part, ByteHandoff.CHUNK);
        List<Problem> problems = new ArrayList<>();
        Optional<ArchiveFormat> format = UploadedArchives.format(content, fileName, problems);
        if (format.isEmpty()) {
            return new ArchiveRead(format, problems, null, Optional.empty(), null);
        }
        if (format.get().readableAsStream()) {
            var read = onePass.stage(content, fileName, in -> inspector.inspect(in, format.get()),
                    found -> found.problems().isEmpty());
            return new ArchiveRead(format, problems, read.result(), read.staged(), null);
        }
        Files.createDirectories(spoolDirectory);
        Path spooled = Files.createTempFile(spoolDirectory, "upload-", ".zip");
        try {
            Files.copy(content, spooled, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            delete(spooled);
            throw e;
        }
        return new ArchiveRead(format, problems, null, Optional.empty(), spooled);
    }

    /** Undoes {@link #readArchive} when the body failed after the archive part. */
    private void discard(ArchiveRead read) {
        read.staged().ifPresent(acceptance::discard);
        if (read.spooled() != null) {
            delete(read.spooled());
        }
    }

    private static void delete(Path spooled) {
        try {
            Files.deleteIfExists(spooled);
        } catch (IOException e) {
            LOG.errorf(e, "Could not remove the spooled upload %s", spooled);
        }
    }

    private static Optional<String> optionalName(String field, String value, java.util.regex.Pattern pattern,
            List<Problem> problems) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Names.check(field, value.strip(), pattern, pattern.pattern(), problems);
    }
}
