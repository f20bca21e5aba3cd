package io.weft.gateway.service;

import io.weft.contracts.command.PromoteStage;
import io.weft.gateway.archive.Problem;
import io.weft.gateway.archive.Rules;
import io.weft.gateway.idempotency.IdempotencyStore;
import io.weft.gateway.rest.PromotionRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a promotion request into a {@link PromoteStage} command on {@code weft.commands.deploy}, after checking every
 * field (all problems at once). Whether the pipeline, its stages and the items exist is Fabric's to say: the job
 * checks them before it deploys anything.
 */
@ApplicationScoped
public class PromotionService {

    /** The job kind of stage promotions. */
    public static final String KIND = "stage-promotion";
    /** Fabric's item type names, as the promotion contract takes them. */
    private static final Pattern ITEM_TYPE = Pattern.compile("^[A-Za-z][A-Za-z0-9]{0,63}$");
    private static final int MAX_NAME = 256;
    private static final int MAX_NOTE = 1024;
    private static final int MAX_ITEMS = 10_000;

    private final JobAcceptance acceptance;

    public PromotionService(JobAcceptance acceptance) {
        this.acceptance = acceptance;
    }

    public IdempotencyStore.Outcome accept(PromotionRequest request, boolean plan, Optional<String> idempotencyKey) {
        List<Problem> problems = new ArrayList<>();
        String pipeline = text("pipeline", request.pipeline(), problems);
        String source = text("sourceStage", request.sourceStage(), problems);
        String target = text("targetStage", request.targetStage(), problems);
        if (source != null && source.equalsIgnoreCase(target)) {
            problems.add(Problem.ofField("targetStage", Rules.FIELD_VALUE, "targetStage must differ from sourceStage ('" + source + "')"));
        }
        List<PromoteStage.PromotedItem> items = items(request.items(), problems);
        String note = request.note() == null || request.note().isBlank() ? null : request.note().strip();
        if (note != null && note.length() > MAX_NOTE) {
            problems.add(Problem.ofField("note", Rules.FIELD_VALUE, "note must have at most " + MAX_NOTE + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailedException("The promotion request is not valid", problems);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("pipeline", pipeline);
        summary.put("from", source);
        summary.put("to", target);
        summary.put("items", items.isEmpty() ? "all" : items.size());
        if (plan) {
            summary.put("plan", true);
        }
        String fingerprint = Fingerprint.of("promotions", pipeline, source, target, String.valueOf(plan), String.valueOf(note),
                items.stream().map(i -> i.itemType() + "/" + i.name()).toList().toString());
        return acceptance.accept(idempotencyKey, fingerprint, KIND, summary,
                (jobId, requestedAt, requestedBy) -> new PromoteStage(jobId, pipeline, source, target, items, note, plan, requestedAt,
                        requestedBy));
    }

    private static String text(String field, String value, List<Problem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(Problem.ofField(field, Rules.FIELD_REQUIRED, field + " is required"));
            return null;
        }
        if (value.strip().length() > MAX_NAME) {
            problems.add(Problem.ofField(field, Rules.FIELD_VALUE, field + " must have at most " + MAX_NAME + " characters"));
            return null;
        }
        return value.strip();
    }

    private static List<PromoteStage.PromotedItem> items(List<PromotionRequest.Item> requested, List<Problem> problems) {
        if (requested == null) {
            return List.of();
        }
        if (requested.size() > MAX_ITEMS) {
            problems.add(Problem.ofField("items", Rules.FIELD_VALUE, "items may list at most " + MAX_ITEMS + " items"));
            return List.of();
        }
        List<PromoteStage.PromotedItem> items = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            PromotionRequest.Item item = requested.get(i);
            String at = "items[" + i + "]";
            if (item == null) {
                problems.add(Problem.ofField(at, Rules.FIELD_REQUIRED, at + " must be an object with itemType and name"));
                continue;
            }
            Optional<String> type = Names.require(at + ".itemType", item.itemType(), ITEM_TYPE,
                    "a Fabric item type such as SemanticModel or Report", problems);
            String name = text(at + ".name", item.name(), problems);
            if (type.isPresent() && name != null) {
                items.add(new PromoteStage.PromotedItem(type.get(), name));
            }
        }
        return items;
    }
}
