package io.weft.gateway.service;

import io.weft.contracts.Guids;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.command.RefreshSemanticModel;
import io.weft.contracts.command.SemanticModelRefreshOptions;
import io.weft.gateway.archive.Problem;
import io.weft.gateway.archive.Rules;
import io.weft.gateway.idempotency.IdempotencyStore;
import io.weft.gateway.rest.RefreshModelRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a refresh request into a {@link RefreshSemanticModel} command on {@code weft.commands.deploy}, after checking
 * every field (all problems at once).
 */
@ApplicationScoped
public class RefreshService {

    /** The job kind of semantic model refreshes. */
    public static final String KIND = "semantic-model-refresh";

    private final JobAcceptance acceptance;

    public RefreshService(JobAcceptance acceptance) {
        this.acceptance = acceptance;
    }

    public IdempotencyStore.Outcome accept(RefreshModelRequest request, Optional<String> idempotencyKey) {
        List<Problem> problems = new ArrayList<>();
        String workspace = Names.workspace(request.workspace(), problems).orElse(null);
        String modelId = request.modelId() == null || request.modelId().isBlank() ? null : request.modelId().strip();
        String modelName = request.modelName() == null || request.modelName().isBlank() ? null : request.modelName().strip();
        if (modelId == null && modelName == null) {
            problems.add(Problem.ofField("modelName", Rules.FIELD_REQUIRED, "modelId or modelName is required"));
        }
        if (modelId != null && !Guids.isGuid(modelId)) {
            problems.add(Problem.ofField("modelId", Rules.FIELD_VALUE, "modelId '" + modelId + "' is not a GUID"));
        }
        if (modelName != null && modelName.length() > 256) {
            problems.add(Problem.ofField("modelName", Rules.FIELD_VALUE, "modelName must have at most 256 characters"));
        }
        SemanticModelRefreshOptions options = request.refresh();
        RefreshOptionsCheck.check("refresh", options, problems);
        if (!problems.isEmpty()) {
            throw new ValidationFailedException("The refresh request is not valid", problems);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", modelId != null ? modelId : modelName);
        SemanticModelRefreshOptions effective = options == null ? SemanticModelRefreshOptions.full() : options;
        summary.put("refresh", effective.standardRefresh() ? "standard" : "enhanced");
        if (effective.objects() != null) {
            summary.put("objects", effective.objects().size());
        }
        String fingerprint = Fingerprint.of("refreshes", workspace, String.valueOf(modelId), String.valueOf(modelName),
                ContractCodec.get().mapper().valueToTree(effective).toString());
        return acceptance.accept(idempotencyKey, fingerprint, KIND, summary,
                (jobId, requestedAt, requestedBy) -> new RefreshSemanticModel(jobId, workspace, modelId, modelName, options, requestedAt,
                        requestedBy));
    }
}
