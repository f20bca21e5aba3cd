package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.http.HttpCall;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The job scheduler of the emulated Fabric: on-demand runs of Data Pipelines, notebooks, Spark job definitions (and
 * any other item's {@code DefaultJob}), their instances moving NotStarted → InProgress → a terminal state over time,
 * cancel, and scripted behaviours for tests (failing, stuck, Deduped runs, refused starts and cancels). States are
 * computed from the clock on every read, so no timer is involved.
 */
public final class ItemJobs {

    public static final String DATA_PIPELINE = "DataPipeline";
    public static final String NOTEBOOK = "Notebook";
    public static final String SPARK_JOB_DEFINITION = "SparkJobDefinition";

    /** Job types each runnable item type accepts (case-insensitively); other item types accept any. */
    private static final Map<String, Set<String>> JOB_TYPES = Map.of(
            DATA_PIPELINE, Set.of("pipeline", "execute"),
            NOTEBOOK, Set.of("runnotebook", "execute"),
            SPARK_JOB_DEFINITION, Set.of("sparkjob"));
    private static final Set<String> PARAMETER_TYPES = Set.of("Text", "Integer", "Number", "Boolean", "DateTime", "Guid",
            "VariableReference", "Automatic");

    private final FabricService service;
    private final Clock clock;
    private final Map<String, JobInstance> instances = new LinkedHashMap<>();
    /** itemId → behaviours of its next runs, in order. */
    private final Map<String, Deque<JobBehaviour>> scripts = new LinkedHashMap<>();
    /** itemId → errors its next start requests answer with. */
    private final Map<String, Deque<FabricError>> refusals = new LinkedHashMap<>();
    private volatile JobBehaviour defaultBehaviour = JobBehaviour.completes(Duration.ofMillis(100), Duration.ofMillis(400));

    ItemJobs(FabricService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- the REST surface

    /** Starts a run of {@code jobType} (the typed endpoints pass their own); answers the instance id. */
    public synchronized String start(String workspaceId, String itemId, String typedItemType, String jobType, JsonNode body) {
        Item item = service.items().item(workspaceId, itemId, typedItemType);
        Set<String> accepted = JOB_TYPES.get(item.type);
        if (jobType == null || jobType.isBlank()) {
            throw FabricError.badRequest("The JobType field is required.");
        }
        if (accepted != null && !accepted.contains(jobType.toLowerCase(Locale.ROOT))) {
            throw new FabricError(400, "InvalidJobType", "The job type '" + jobType + "' is not valid for item type " + item.type + ".");
        }
        checkParameters(item.type, body == null ? null : body.get("parameters"));
        Deque<FabricError> refused = refusals.get(item.id);
        if (refused != null && !refused.isEmpty()) {
            throw refused.poll();
        }
        Deque<JobBehaviour> script = scripts.get(item.id);
        JobBehaviour behaviour = script != null && !script.isEmpty() ? script.poll() : defaultBehaviour;
        Instant now = clock.instant();
        String dedupedBy = null;
        if (JobBehaviour.DEDUPED.equals(behaviour.terminal())) {
            dedupedBy = instances.values().stream()
                    .filter(i -> i.itemId.equals(item.id) && i.jobType.equalsIgnoreCase(jobType) && !i.done(now))
                    .map(i -> i.id).findFirst().orElse(null);
        }
        JobInstance instance = new JobInstance(UUID.randomUUID().toString(), item.workspaceId, item.id, jobType, now, behaviour,
                body == null ? HttpCall.JSON.createObjectNode() : body.deepCopy(), UUID.randomUUID().toString(), dedupedBy);
        instances.put(instance.id, instance);
        return instance.id;
    }

    public synchronized ObjectNode get(String workspaceId, String itemId, String typedItemType, String instanceId, String shownJobType) {
        Item item = service.items().item(workspaceId, itemId, typedItemType);
        return json(instance(item, instanceId), shownJobType);
    }

    /** The item's instances, newest first. */
    public synchronized List<JsonNode> list(String workspaceId, String itemId, String typedItemType, String shownJobType) {
        Item item = service.items().item(workspaceId, itemId, typedItemType);
        List<JsonNode> result = new ArrayList<>();
        instances.values().stream().filter(i -> i.itemId.equals(item.id))
                .sorted(Comparator.comparing((JobInstance i) -> i.createdAt).reversed())
                .forEach(i -> result.add(json(i, shownJobType)));
        return result;
    }

    public synchronized void cancel(String workspaceId, String itemId, String instanceId) {
        Item item = service.items().item(workspaceId, itemId, null);
        JobInstance instance = instance(item, instanceId);
        Instant now = clock.instant();
        if (instance.done(now)) {
            throw new FabricError(400, "JobAlreadyCompleted", "The job instance has already completed.");
        }
        if (instance.behaviour.refuseCancel()) {
            throw new FabricError(409, "JobCancellationNotAllowed", "The job instance cannot be cancelled in its current state.");
        }
        if (instance.cancelRequestedAt == null) {
            instance.cancelRequestedAt = now;
        }
    }

    // ---------------------------------------------------------------- test controls

    /** The behaviours of the next runs of an item, in order; later runs use the default. */
    public synchronized void script(String itemId, JobBehaviour... behaviours) {
        scripts.computeIfAbsent(itemId.toLowerCase(Locale.ROOT), k -> new ArrayDeque<>()).addAll(List.of(behaviours));
    }

    /** The next start request for the item answers this error instead of starting a run. */
    public synchronized void refuseNextStart(String itemId, int status, String errorCode, String message) {
        refusals.computeIfAbsent(itemId.toLowerCase(Locale.ROOT), k -> new ArrayDeque<>())
                .add(new FabricError(status, errorCode, message, null, status == 429));
    }

    /** How unscripted runs behave. */
    public void defaultBehaviour(JobBehaviour behaviour) {
        this.defaultBehaviour = behaviour;
    }

    /** How many runs were started for the item (refused starts do not count). */
    public synchronized int runCount(String itemId) {
        return (int) instances.values().stream().filter(i -> i.itemId.equalsIgnoreCase(itemId)).count();
    }

    /** The request bodies of the item's runs, oldest first. */
    public synchronized List<JsonNode> runRequests(String itemId) {
        return instances.values().stream().filter(i -> i.itemId.equalsIgnoreCase(itemId)).map(i -> (JsonNode) i.request.deepCopy()).toList();
    }

    /**
     * The same as {@link #runRequests} as JSON text, and {@link #instanceIds}: for callers in another class loader
     * (a Quarkus test), where Jackson types do not cross.
     */
    public synchronized List<String> runRequestsJson(String itemId) {
        return runRequests(itemId).stream().map(JsonNode::toString).toList();
    }

    /** The ids of the item's runs, oldest first. */
    public synchronized List<String> instanceIds(String itemId) {
        return instances.values().stream().filter(i -> i.itemId.equalsIgnoreCase(itemId)).map(i -> i.id).toList();
    }

    /** Starts a run without a body, as a user in the Fabric portal would; answers the instance id. */
    public String startRun(String workspaceId, String itemId, String jobType) {
        return start(workspaceId, itemId, null, jobType, null);
    }

    /** Whether a cancel request reached the instance. */
    public synchronized boolean cancelRequested(String instanceId) {
        JobInstance i = instances.get(instanceId.toLowerCase(Locale.ROOT));
        return i != null && i.cancelRequestedAt != null;
    }

    synchronized void reset() {
        instances.clear();
        scripts.clear();
        refusals.clear();
    }

    // ---------------------------------------------------------------- helpers

    private JobInstance instance(Item item, String instanceId) {
        JobInstance i = instances.get(instanceId == null ? "" : instanceId.toLowerCase(Locale.ROOT));
        if (i == null || !i.itemId.equals(item.id)) {
            throw new FabricError(404, "JobInstanceNotFound", "The requested job instance was not found.");
        }
        return i;
    }

    /** Fabric's rules for {@code parameters}: the item type takes them, names unique case-insensitively, types known. */
    private static void checkParameters(String itemType, JsonNode parameters) {
        if (parameters == null || parameters.isNull()) {
            return;
        }
        if (SPARK_JOB_DEFINITION.equals(itemType)) {
            throw new FabricError(400, "FeatureNotAvailable", "Parameters are not supported for item type " + itemType + ".");
        }
        if (!parameters.isArray()) {
            throw FabricError.badRequest("The Parameters field must be an array.");
        }
        Set<String> names = new HashSet<>();
        for (JsonNode p : parameters) {
            String name = p.path("name").asText("");
            if (name.isBlank() || name.length() > 256) {
                throw FabricError.badRequest("A parameter name must have 1 to 256 characters.");
            }
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw FabricError.badRequest("The parameter name '" + name + "' is not unique.");
            }
            if (!PARAMETER_TYPES.contains(p.path("type").asText())) {
                throw FabricError.badRequest("The parameter '" + name + "' has an unknown type '" + p.path("type").asText() + "'.");
            }
            if (!p.has("value")) {
                throw FabricError.badRequest("The parameter '" + name + "' has no value.");
            }
        }
    }

    private ObjectNode json(JobInstance i, String shownJobType) {
        Instant now = clock.instant();
        String status = i.status(now);
        ObjectNode n = HttpCall.JSON.createObjectNode()
                .put("id", i.id)
                .put("itemId", i.itemId)
                .put("jobType", shownJobType != null ? shownJobType : i.jobType)
                .put("invokeType", "Manual")
                .put("status", status)
                .put("rootActivityId", i.rootActivityId);
        if (status.equals("NotStarted")) {
            n.putNull("startTimeUtc");
        } else {
            n.put("startTimeUtc", Timestamps.format(i.startedAt()));
        }
        if (i.done(now)) {
            n.put("endTimeUtc", Timestamps.format(i.endAt()));
        } else {
            n.putNull("endTimeUtc");
        }
        if (status.equals(JobBehaviour.FAILED) || status.equals(JobBehaviour.DEDUPED)) {
            boolean deduped = status.equals(JobBehaviour.DEDUPED);
            String code = i.behaviour.errorCode() != null ? i.behaviour.errorCode()
                    : deduped ? "JobInstanceStatusDeduped" : "JobInstanceStatusFailed";
            String message = i.behaviour.message() != null ? i.behaviour.message()
                    : deduped ? "Job instance was skipped: an instance of the same job type is already running"
                            + (i.dedupedBy == null ? "" : " (" + i.dedupedBy + ")")
                            : "Job instance failed without detail error";
            ObjectNode reason = n.putObject("failureReason").put("requestId", i.rootActivityId).put("errorCode", code)
                    .put("message", message).put("isRetriable", false);
            if (deduped && i.dedupedBy != null) {
                reason.putObject("relatedResource").put("resourceId", i.dedupedBy).put("resourceType", "JobInstance");
            }
        } else {
            n.putNull("failureReason");
        }
        return n;
    }
}
