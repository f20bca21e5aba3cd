package io.weft.gateway.service;

import io.weft.contracts.ContractCodec;
import io.weft.contracts.command.DefinitionFormat;
import io.weft.contracts.command.DefinitionPart;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.DeploymentMode;
import io.weft.contracts.command.SemanticModelDefinition;
import io.weft.contracts.command.SemanticModelRefreshOptions;
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
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a deployment request into a {@link DeploySemanticModel} command: the definition travels inline
 * when it is small, else as the staged archive.
 */
@ApplicationScoped
public class DeploymentService {

    /** The job kind of semantic model deployments. */
    public static final String KIND = "semantic-model";

    private final DefinitionInspector inspector;
    private final JobAcceptance acceptance;

    public DeploymentService(GatewayConfig config, JobAcceptance acceptance) {
        this.inspector = new DefinitionInspector(new ArchiveWalker(config.archive().limits()),
                Math.toIntExact(config.deployments().inlineMaxSize().asLongValue()));
        this.acceptance = acceptance;
    }

    /**
     * The fields common to both request shapes, as received (unchecked). The refresh options come as JSON
     * ({@code refreshAfterDeploy}) or, from a multipart form, as its text ({@code refreshAfterDeployJson}).
     */
    public record Target(String workspace, String environment, String modelName, String mode, Boolean confirmOverwrite, String format,
            SemanticModelRefreshOptions refreshAfterDeploy, String refreshAfterDeployJson, boolean plan) {
    }

    /** A deployment with the model folder as an archive (multipart). */
    public IdempotencyStore.Outcome acceptArchive(Target target, Path archive, String fileName,
            Optional<String> idempotencyKey) {
        List<Problem> problems = new ArrayList<>();
        Checked checked = check(target, problems);
        DefinitionInspector.Inspection inspection = null;
        if (archive == null) {
            problems.add(Problem.ofField("archive", Rules.FIELD_REQUIRED, "the model folder archive is required"));
        } else {
            Optional<ArchiveFormat> archiveFormat = UploadedArchives.format(archive, fileName, problems);
            if (archiveFormat.isPresent()) {
                inspection = inspector.inspectArchive(archive, archiveFormat.get(), checked.format);
                problems.addAll(inspection.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailedException("The deployment request is not valid", problems);
        }
        DefinitionInspector.Inspection found = inspection;
        if (found.parts() != null) {
            return acceptInline(checked, found, idempotencyKey);
        }
        DefinitionSummary summary = new DefinitionSummary(found.format(), found.files(), found.totalBytes(), "staged");
        return acceptance.acceptStaged(archive, fileName, idempotencyKey, fingerprint(checked, found.format(), "archive"),
                KIND, summary, staged -> (jobId, requestedAt, requestedBy) -> new DeploySemanticModel(jobId, checked.workspace,
                        checked.modelName, checked.mode, checked.confirmOverwrite,
                        new SemanticModelDefinition(found.format(), null, staged), requestedAt, checked.environment,
                        checked.refreshAfterDeploy, checked.plan, requestedBy));
    }

    /** A deployment with the definition's files inline (JSON). */
    public IdempotencyStore.Outcome acceptParts(Target target, List<DefinitionPart> parts, Optional<String> idempotencyKey) {
        List<Problem> problems = new ArrayList<>();
        Checked checked = check(target, problems);
        DefinitionInspector.Inspection inspection = null;
        if (parts == null || parts.isEmpty()) {
            problems.add(Problem.ofField("parts", Rules.FIELD_REQUIRED, "the definition's parts are required"));
        } else {
            inspection = inspector.inspectParts(parts, checked.format);
            problems.addAll(inspection.problems());
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailedException("The deployment request is not valid", problems);
        }
        return acceptInline(checked, inspection, idempotencyKey);
    }

    private IdempotencyStore.Outcome acceptInline(Checked checked, DefinitionInspector.Inspection found,
            Optional<String> idempotencyKey) {
        DefinitionSummary summary = new DefinitionSummary(found.format(), found.files(), found.totalBytes(), "inline");
        String partsJson = ContractCodec.get().mapper().valueToTree(found.parts()).toString();
        return acceptance.accept(idempotencyKey, Fingerprint.of(fingerprint(checked, found.format(), "inline"), partsJson),
                KIND, summary, (jobId, requestedAt, requestedBy) -> new DeploySemanticModel(jobId, checked.workspace, checked.modelName,
                        checked.mode, checked.confirmOverwrite,
                        new SemanticModelDefinition(found.format(), found.parts(), null), requestedAt, checked.environment,
                        checked.refreshAfterDeploy, checked.plan, requestedBy));
    }

    private static String fingerprint(Checked checked, DefinitionFormat format, String delivery) {
        return Fingerprint.of("deployments", checked.workspace, String.valueOf(checked.environment), checked.modelName, checked.mode.name(),
                String.valueOf(checked.confirmOverwrite), format.name(), delivery, checked.plan ? "plan" : "deploy", checked.refreshAfterDeploy == null ? "no-refresh"
                        : ContractCodec.get().mapper().valueToTree(checked.refreshAfterDeploy).toString());
    }

    /** The fields, checked; meaningful only when no problem was added. */
    private record Checked(String workspace, String environment, String modelName, DeploymentMode mode, boolean confirmOverwrite,
            DefinitionFormat format, SemanticModelRefreshOptions refreshAfterDeploy, boolean plan) {
    }

    private static Checked check(Target target, List<Problem> problems) {
        Names.Destination destination = Names.workspaceOrEnvironment(target.workspace(), target.environment(), problems);
        String modelName = Names.require("modelName", target.modelName() == null ? null : target.modelName().strip(),
                Names.MODEL, "1 to 200 characters, none of \\ / : * ? \" < > |", problems).orElse(null);
        DeploymentMode mode = null;
        if (target.mode() == null || target.mode().isBlank()) {
            problems.add(Problem.ofField("mode", Rules.FIELD_REQUIRED, "mode is required: dev or prod"));
        } else {
            switch (target.mode().strip().toLowerCase(Locale.ROOT)) {
                case "dev" -> mode = DeploymentMode.DEV;
                case "prod" -> mode = DeploymentMode.PROD;
                default -> problems.add(Problem.ofField("mode", Rules.FIELD_VALUE, "mode '" + target.mode()
                        + "' is not dev or prod"));
            }
        }
        DefinitionFormat format = null;
        if (target.format() != null && !target.format().isBlank()) {
            switch (target.format().strip().toUpperCase(Locale.ROOT)) {
                case "TMDL" -> format = DefinitionFormat.TMDL;
                case "TMSL" -> format = DefinitionFormat.TMSL;
                default -> problems.add(Problem.ofField("format", Rules.FIELD_VALUE, "format '" + target.format()
                        + "' is not TMDL or TMSL"));
            }
        }
        SemanticModelRefreshOptions refresh = target.refreshAfterDeploy();
        if (target.refreshAfterDeployJson() != null && !target.refreshAfterDeployJson().isBlank()) {
            try {
                refresh = ContractCodec.get().mapper().readValue(target.refreshAfterDeployJson(), SemanticModelRefreshOptions.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                problems.add(Problem.ofField("refreshAfterDeploy", Rules.FIELD_VALUE, "refreshAfterDeploy is not a JSON object of"
                        + " refresh options: " + e.getOriginalMessage()));
            }
        }
        RefreshOptionsCheck.check("refreshAfterDeploy", refresh, problems);
        return new Checked(destination.workspace(), destination.environment(), modelName, mode, Boolean.TRUE.equals(target.confirmOverwrite()), format, refresh,
                target.plan());
    }
}
