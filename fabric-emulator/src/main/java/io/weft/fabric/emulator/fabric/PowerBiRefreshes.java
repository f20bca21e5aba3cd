package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.http.HttpCall;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Semantic model (dataset) refreshes of the emulated Power BI REST API: standard and enhanced refreshes of the
 * emulator's semantic models, history, execution details with per-object progress, cancel, and Power BI's rule of
 * one refresh per model at a time (400 {@code InvalidRequest} "Another refresh request is already executing").
 * States are computed from the clock on every read, like item jobs. Timing follows the emulator's profile: fast
 * (100 ms per object) or realistic (2 s queued, 5 s per object), both divided by the time-scale.
 */
public final class PowerBiRefreshes {

    static final String ANOTHER_RUNNING = "Invalid dataset refresh request. Another refresh request is already executing";
    private static final Set<String> TYPES = Set.of("full", "clearvalues", "calculate", "dataonly", "automatic", "defragment");
    private static final Set<String> COMMIT_MODES = Set.of("transactional", "partialbatch");
    private static final Set<String> NOTIFY = Set.of("mailonfailure", "mailoncompletion", "nonotification");

    private final FabricService service;
    private final Clock clock;
    private final Map<String, Refresh> refreshes = new LinkedHashMap<>();
    private final Map<String, Deque<RefreshBehaviour>> scripts = new LinkedHashMap<>();
    private volatile RefreshBehaviour defaultBehaviour;

    PowerBiRefreshes(FabricService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    /** One refresh: what was asked, when, how it behaves, and its objects in processing order. */
    private static final class Refresh {
        final String id;
        final String workspaceId;
        final String datasetId;
        final boolean enhanced;
        final String refreshType;
        final JsonNode request;
        final Instant createdAt;
        final RefreshBehaviour behaviour;
        final List<String[]> objects;
        final int parallelism;
        final long number;
        volatile Instant cancelledAt;

        Refresh(String id, String workspaceId, String datasetId, boolean enhanced, String refreshType, JsonNode request,
                Instant createdAt, RefreshBehaviour behaviour, List<String[]> objects, int parallelism, long number) {
            this.id = id;
            this.workspaceId = workspaceId;
            this.datasetId = datasetId;
            this.enhanced = enhanced;
            this.refreshType = refreshType;
            this.request = request;
            this.createdAt = createdAt;
            this.behaviour = behaviour;
            this.objects = objects;
            this.parallelism = parallelism;
            this.number = number;
        }

        Instant startedAt() {
            return createdAt.plus(behaviour.queued());
        }

        /** When object {@code i} starts and ends; its end is null for a stuck refresh. */
        Instant objectStart(int i) {
            return behaviour.perObject() == null ? startedAt() : startedAt().plus(behaviour.perObject().multipliedBy(i / parallelism));
        }

        Instant objectEnd(int i) {
            return behaviour.perObject() == null ? null : objectStart(i).plus(behaviour.perObject());
        }

        int failingIndex() {
            if (behaviour.failingTable() == null) {
                return -1;
            }
            for (int i = 0; i < objects.size(); i++) {
                if ("*".equals(behaviour.failingTable()) || objects.get(i)[0].equalsIgnoreCase(behaviour.failingTable())) {
                    return i;
                }
            }
            return 0;
        }

        /** When it ends by itself (the failing object's end, or the last object's), null when never. */
        Instant naturalEnd() {
            if (behaviour.perObject() == null) {
                return null;
            }
            int failing = failingIndex();
            if (failing >= 0) {
                return objectEnd(failing);
            }
            return objects.isEmpty() ? startedAt() : objectEnd(objects.size() - 1);
        }

        Instant endAt() {
            Instant natural = naturalEnd();
            if (cancelledAt == null) {
                return natural;
            }
            return natural == null || cancelledAt.isBefore(natural) ? cancelledAt : natural;
        }

        boolean done(Instant now) {
            Instant end = endAt();
            return end != null && !now.isBefore(end);
        }

        /** Completed, Failed, Cancelled once done; NotStarted or InProgress before. */
        String extendedStatus(Instant now) {
            if (done(now)) {
                if (cancelledAt != null && !cancelledAt.isAfter(endAt()) && (naturalEnd() == null || cancelledAt.isBefore(naturalEnd()))) {
                    return "Cancelled";
                }
                return failingIndex() >= 0 ? "Failed" : "Completed";
            }
            return now.isBefore(startedAt()) ? "NotStarted" : "InProgress";
        }

        String objectStatus(int i, Instant now) {
            Instant end = objectEnd(i);
            int failing = failingIndex();
            if (failing >= 0 && i > failing && objectStart(i).compareTo(objectEnd(failing)) >= 0) {
                return "NotStarted"; // the refresh stopped before reaching it
            }
            if (cancelledAt != null && !now.isBefore(cancelledAt) && (end == null || cancelledAt.isBefore(end))) {
                return cancelledAt.isBefore(objectStart(i)) ? "NotStarted" : "Cancelled";
            }
            if (now.isBefore(objectStart(i))) {
                return "NotStarted";
            }
            if (end == null || now.isBefore(end)) {
                return "InProgress";
            }
            return i == failing ? "Failed" : "Completed";
        }
    }

    // ---------------------------------------------------------------- the REST surface

    /** Starts a refresh (the body decides standard or enhanced); answers the refresh id. */
    public synchronized String trigger(String workspaceId, String datasetId, JsonNode body) {
        Item model = service.items().item(workspaceId, datasetId, FabricService.SEMANTIC_MODEL);
        JsonNode request = body == null || body.isNull() || body.isMissingNode() ? HttpCall.JSON.createObjectNode() : body;
        if (!request.isObject()) {
            throw new FabricError(400, "InvalidRequest", "The request body must be a JSON object.");
        }
        boolean enhanced = false;
        var fields = request.fieldNames();
        while (fields.hasNext()) {
            if (!"notifyOption".equals(fields.next())) {
                enhanced = true;
            }
        }
        if (enhanced && request.has("notifyOption")) {
            throw new FabricError(400, "InvalidRequest", "notifyOption cannot be used with an enhanced refresh.");
        }
        check(request, "notifyOption", NOTIFY);
        check(request, "type", TYPES);
        check(request, "commitMode", COMMIT_MODES);
        Instant now = clock.instant();
        boolean running = refreshes.values().stream().anyMatch(r -> r.datasetId.equals(model.id) && !r.done(now));
        if (running) {
            throw new FabricError(400, "InvalidRequest", ANOTHER_RUNNING);
        }
        List<String[]> objects = objects(model, request.path("objects"));
        int parallelism = request.path("maxParallelism").asInt(10);
        if (parallelism < 1) {
            throw new FabricError(400, "InvalidRequest", "maxParallelism must be at least 1.");
        }
        Deque<RefreshBehaviour> script = scripts.get(model.id);
        RefreshBehaviour behaviour = script != null && !script.isEmpty() ? script.poll() : profileBehaviour();
        Refresh refresh = new Refresh(UUID.randomUUID().toString(), model.workspaceId, model.id, enhanced,
                enhanced ? "ViaEnhancedApi" : "ViaApi", request.deepCopy(), now, scaled(behaviour), objects, parallelism,
                1_000_000_000L + refreshes.size());
        refreshes.put(refresh.id, refresh);
        return refresh.id;
    }

    /** Whether the refresh is enhanced (only those have details, a Location and a cancel). */
    public synchronized boolean enhanced(String refreshId) {
        Refresh r = refreshes.get(refreshId.toLowerCase(Locale.ROOT));
        return r != null && r.enhanced;
    }

    /** The model's refreshes, newest first, at most {@code top}. */
    public synchronized List<JsonNode> history(String workspaceId, String datasetId, int top) {
        Item model = service.items().item(workspaceId, datasetId, FabricService.SEMANTIC_MODEL);
        Instant now = clock.instant();
        return refreshes.values().stream().filter(r -> r.datasetId.equals(model.id))
                .sorted(Comparator.comparing((Refresh r) -> r.createdAt).reversed()).limit(top)
                .map(r -> (JsonNode) historyEntry(r, now)).toList();
    }

    /** The execution details of an enhanced refresh, and whether it is done (200) or not (202). */
    public synchronized Details details(String workspaceId, String datasetId, String refreshId) {
        Refresh r = refresh(workspaceId, datasetId, refreshId);
        Instant now = clock.instant();
        return new Details(detail(r, now), r.done(now));
    }

    /** The answer to {@code GET .../refreshes/{id}}. */
    public record Details(ObjectNode body, boolean done) {
    }

    public synchronized void cancel(String workspaceId, String datasetId, String refreshId) {
        Refresh r = refresh(workspaceId, datasetId, refreshId);
        Instant now = clock.instant();
        if (r.done(now)) {
            throw new FabricError(400, "InvalidRequest", "The refresh has already completed and cannot be cancelled.");
        }
        if (r.cancelledAt == null) {
            r.cancelledAt = now;
        }
    }

    // ---------------------------------------------------------------- test controls

    /** The behaviours of the next refreshes of a model, in order; later ones use the profile's. */
    public synchronized void script(String datasetId, RefreshBehaviour... behaviours) {
        scripts.computeIfAbsent(datasetId.toLowerCase(Locale.ROOT), k -> new ArrayDeque<>()).addAll(List.of(behaviours));
    }

    /** How unscripted refreshes behave (null: the timing profile's). */
    public void defaultBehaviour(RefreshBehaviour behaviour) {
        this.defaultBehaviour = behaviour;
    }

    /** Starts a refresh as a schedule or a portal user would (a standard one); answers its id. */
    public String startScheduledRefresh(String workspaceId, String datasetId) {
        return trigger(workspaceId, datasetId, HttpCall.JSON.createObjectNode().put("notifyOption", "NoNotification"));
    }

    /** How many refreshes were accepted for the model (refused ones do not count). */
    public synchronized int refreshCount(String datasetId) {
        return (int) refreshes.values().stream().filter(r -> r.datasetId.equalsIgnoreCase(datasetId)).count();
    }

    /** The request bodies of the model's refreshes, oldest first, as JSON text (crosses class loaders). */
    public synchronized List<String> requestsJson(String datasetId) {
        return refreshes.values().stream().filter(r -> r.datasetId.equalsIgnoreCase(datasetId)).map(r -> r.request.toString()).toList();
    }

    /** Whether a cancel reached the refresh. */
    public synchronized boolean cancelRequested(String refreshId) {
        Refresh r = refreshes.get(refreshId.toLowerCase(Locale.ROOT));
        return r != null && r.cancelledAt != null;
    }

    synchronized void reset() {
        refreshes.clear();
        scripts.clear();
    }

    // ---------------------------------------------------------------- helpers

    private RefreshBehaviour profileBehaviour() {
        RefreshBehaviour configured = defaultBehaviour;
        if (configured != null) {
            return configured;
        }
        return service.settings().profile == TimingProfile.Kind.REALISTIC && !service.settings().fixedTiming
                ? RefreshBehaviour.completes(Duration.ofSeconds(2), Duration.ofSeconds(5))
                : RefreshBehaviour.completes(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    private RefreshBehaviour scaled(RefreshBehaviour b) {
        RuntimeSettings s = service.settings();
        return new RefreshBehaviour(s.scaled(b.queued()), b.perObject() == null ? null : s.scaled(b.perObject()), b.failingTable(),
                b.messages());
    }

    private Refresh refresh(String workspaceId, String datasetId, String refreshId) {
        Item model = service.items().item(workspaceId, datasetId, FabricService.SEMANTIC_MODEL);
        Refresh r = refreshes.get(refreshId == null ? "" : refreshId.toLowerCase(Locale.ROOT));
        if (r == null || !r.datasetId.equals(model.id) || !r.enhanced) {
            // Standard and portal refreshes cannot be looked up by id.
            throw new FabricError(404, "ItemNotFound", "Refresh " + refreshId + " of dataset " + datasetId + " was not found.");
        }
        return r;
    }

    /** The objects asked for, checked against the model's tables; the whole model's tables when none are. */
    private static List<String[]> objects(Item model, JsonNode requested) {
        List<String> tables = tables(model);
        List<String[]> objects = new ArrayList<>();
        if (requested.isMissingNode() || requested.isNull() || (requested.isArray() && requested.isEmpty())) {
            tables.forEach(t -> objects.add(new String[] {t, t}));
            return objects;
        }
        if (!requested.isArray()) {
            throw new FabricError(400, "InvalidRequest", "objects must be an array.");
        }
        for (JsonNode o : requested) {
            String table = o.path("table").asText("");
            if (table.isBlank()) {
                throw new FabricError(400, "InvalidRequest", "Each refresh object needs a table.");
            }
            if (!tables.isEmpty() && tables.stream().noneMatch(table::equalsIgnoreCase)) {
                throw new FabricError(400, "InvalidRequest", "Table '" + table + "' does not exist in the model.");
            }
            objects.add(new String[] {table, o.hasNonNull("partition") ? o.get("partition").asText() : table});
        }
        return objects;
    }

    /** The tables of a model's definition ({@code definition/tables/<name>.tmdl}), in the definition's order. */
    private static List<String> tables(Item model) {
        List<String> tables = new ArrayList<>();
        ArrayNode parts = model.definitionParts;
        if (parts != null) {
            for (JsonNode p : parts) {
                String path = p.path("path").asText();
                if (path.startsWith("definition/tables/") && path.endsWith(".tmdl")) {
                    tables.add(path.substring("definition/tables/".length(), path.length() - ".tmdl".length()));
                }
            }
        }
        if (tables.isEmpty()) {
            tables.add("Model");
        }
        return tables;
    }

    private static void check(JsonNode request, String field, Set<String> allowed) {
        if (request.has(field) && !allowed.contains(request.get(field).asText().toLowerCase(Locale.ROOT))) {
            throw new FabricError(400, "InvalidRequest", "The value '" + request.get(field).asText() + "' is not valid for " + field + ".");
        }
    }

    private ObjectNode historyEntry(Refresh r, Instant now) {
        String extended = r.extendedStatus(now);
        ObjectNode n = HttpCall.JSON.createObjectNode()
                .put("requestId", r.id)
                .put("id", r.number)
                .put("refreshType", r.refreshType)
                .put("startTime", Timestamps.format(r.createdAt));
        if (r.done(now)) {
            n.put("endTime", Timestamps.format(r.endAt()));
        }
        n.put("status", r.done(now) ? extended : "Unknown").put("extendedStatus", extended);
        if ("Failed".equals(extended)) {
            String code = r.behaviour.messages().isEmpty() ? "ModelRefreshFailed" : r.behaviour.messages().get(0).code();
            n.put("serviceExceptionJson", HttpCall.JSON.createObjectNode().put("errorCode", code).toString());
        }
        return n;
    }

    private ObjectNode detail(Refresh r, Instant now) {
        String extended = r.extendedStatus(now);
        ObjectNode n = HttpCall.JSON.createObjectNode().put("startTime", Timestamps.format(r.createdAt));
        if (r.done(now)) {
            n.put("endTime", Timestamps.format(r.endAt()));
        }
        n.put("type", r.request.path("type").asText("Automatic"))
                .put("commitMode", r.request.path("commitMode").asText("Transactional"))
                .put("status", r.done(now) ? extended : "Unknown")
                .put("extendedStatus", extended)
                .put("currentRefreshType", r.request.path("type").asText("Automatic"))
                .put("numberOfAttempts", now.isBefore(r.startedAt()) ? 0 : 1);
        ArrayNode objects = n.putArray("objects");
        for (int i = 0; i < r.objects.size(); i++) {
            objects.addObject().put("table", r.objects.get(i)[0]).put("partition", r.objects.get(i)[1]).put("status", r.objectStatus(i, now));
        }
        ArrayNode messages = n.putArray("messages");
        if ("Failed".equals(extended)) {
            if (r.behaviour.messages().isEmpty()) {
                messages.addObject().put("code", "ModelRefreshFailed").put("message", "The refresh of table '"
                        + r.objects.get(r.failingIndex())[0] + "' failed.").put("type", "Error");
            }
            r.behaviour.messages().forEach(m -> messages.addObject().put("code", m.code()).put("message", m.message()).put("type", "Error"));
        }
        return n;
    }
}
