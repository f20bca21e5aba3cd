package io.weft.gateway.service;

import io.weft.contracts.command.ItemJobRules;
import io.weft.contracts.command.RunItemJob;
import io.weft.gateway.archive.Problem;
import io.weft.gateway.archive.Rules;
import io.weft.gateway.idempotency.IdempotencyStore;
import io.weft.gateway.rest.RunRequest;
import io.weft.contracts.ContractCodec;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a run request into a {@link RunItemJob} command on {@code weft.commands.provision}, after the checks the
 * worker makes too ({@link ItemJobRules}), so a request Fabric would refuse is refused here, all problems at once.
 */
@ApplicationScoped
public class RunService {

    public static final String KIND = "item-job";
    /** The longest budget the contract allows: one week. */
    static final long MAX_BUDGET_SECONDS = 604_800;

    private final JobAcceptance acceptance;

    public RunService(JobAcceptance acceptance) {
        this.acceptance = acceptance;
    }

    public IdempotencyStore.Outcome accept(RunRequest request, Optional<String> idempotencyKey) {
        List<Problem> problems = new ArrayList<>();
        String workspace = Names.workspace(request.workspace(), problems).orElse(null);
        if (request.itemType() == null || request.itemType().isBlank()) {
            problems.add(Problem.ofField("itemType", Rules.FIELD_REQUIRED, "itemType is required: "
                    + String.join(", ", new java.util.TreeSet<>(ItemJobRules.JOB_TYPES.keySet()))));
        }
        if (request.budgetSeconds() != null && (request.budgetSeconds() < 1 || request.budgetSeconds() > MAX_BUDGET_SECONDS)) {
            problems.add(Problem.ofField("budgetSeconds", Rules.FIELD_VALUE, "budgetSeconds must be between 1 and " + MAX_BUDGET_SECONDS));
        }
        String itemName = request.itemName() == null || request.itemName().isBlank() ? null : request.itemName().strip();
        String itemId = request.itemId() == null || request.itemId().isBlank() ? null : request.itemId().strip();
        String jobType = request.jobType() == null || request.jobType().isBlank() ? null : request.jobType().strip();
        RunItemJob draft = new RunItemJob("draft", workspace, itemId, itemName, request.itemType(), jobType, request.parameters(),
                request.budgetSeconds(), Instant.EPOCH);
        if (request.itemType() != null && !request.itemType().isBlank()) {
            for (ItemJobRules.Problem p : ItemJobRules.problems(draft)) {
                problems.add(Problem.ofField(p.field(), Rules.FIELD_VALUE, p.field() + ": " + p.message()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailedException("The run request is not valid", problems);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("itemType", draft.itemType());
        summary.put("item", itemId != null ? itemId : itemName);
        summary.put("jobType", ItemJobRules.jobType(draft));
        summary.put("parameters", draft.parameters().size());
        String fingerprint = Fingerprint.of("runs", workspace, String.valueOf(itemId), String.valueOf(itemName), draft.itemType(),
                String.valueOf(jobType), String.valueOf(request.budgetSeconds()),
                ContractCodec.get().mapper().valueToTree(draft.parameters()).toString());
        return acceptance.accept(idempotencyKey, fingerprint, KIND, summary, (jobId, requestedAt, requestedBy) -> new RunItemJob(jobId,
                workspace, itemId, itemName, draft.itemType(), jobType, draft.parameters(), request.budgetSeconds(), requestedAt,
                requestedBy));
    }
}
