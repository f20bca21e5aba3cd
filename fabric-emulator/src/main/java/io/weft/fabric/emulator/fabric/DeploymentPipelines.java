package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.Fault;
import io.weft.fabric.emulator.admin.FaultRegistry;
import io.weft.fabric.emulator.http.HttpCall;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.weft.fabric.emulator.fabric.Bodies.text;

/**
 * Deployment pipelines ({@code /v1/deploymentPipelines}), from the platform spec: create/list/get/update/delete,
 * stages (list, get, update, assign and unassign a workspace, list items), role assignments (Admin only) and
 * deploying stage content, the only long-running call: {@code 202} with the operation's Location,
 * {@code x-ms-operation-id} and a separate {@code deployment-id}, whose record
 * ({@code GET …/operations/{deploymentId}}) carries the execution plan with a step per item.
 *
 * <p>A deploy copies each selected item of the source stage's workspace (all of them when the request names none)
 * into the target stage's workspace: an item already paired with it, or of the same type and name, gets the
 * source's definition ({@code Different} or {@code NoDifference}); otherwise a new item is created ({@code New}).
 * Connection bindings are not copied, as Fabric keeps data source rules per stage. An {@code operationFailure} fault
 * of kind {@code DeployItem:<item display name>} fails that item's step alone, the rest deploying: a partial
 * deployment failure, reported as the operation's error with every failed item in its details.
 */
public final class DeploymentPipelines {

    private static final String ID = "([^/]+)";
    /** The API's limit on items per deploy request. */
    public static final int MAX_ITEMS_PER_DEPLOY = 300;
    /** Items a stage does not list: Fabric makes them with their parent and deploys them with it. */
    private static final Set<String> NOT_DEPLOYED = Set.of(FabricService.SQL_ENDPOINT, FabricService.GRAPH_MODEL);

    private static final class Stage {
        final String id = UUID.randomUUID().toString();
        final int order;
        String displayName;
        String description;
        boolean isPublic;
        String workspaceId;

        Stage(int order, String displayName, String description, boolean isPublic) {
            this.order = order;
            this.displayName = displayName;
            this.description = description;
            this.isPublic = isPublic;
        }
    }

    private static final class Pipeline {
        final String id = UUID.randomUUID().toString();
        String displayName;
        String description;
        final List<Stage> stages = new ArrayList<>();
        final Map<String, ObjectNode> admins = new LinkedHashMap<>();
        final List<Deployment> deployments = new ArrayList<>();
    }

    private static final class Deployment {
        final String id = UUID.randomUUID().toString();
        String operationId;
        final String sourceStageId;
        final String targetStageId;
        final String note;
        final Instant startedAt;
        Instant endedAt;
        final ArrayNode steps = HttpCall.JSON.createArrayNode();

        Deployment(String sourceStageId, String targetStageId, String note, Instant startedAt) {
            this.sourceStageId = sourceStageId;
            this.targetStageId = targetStageId;
            this.note = note;
            this.startedAt = startedAt;
        }
    }

    private final Object lock;
    private final WorkspaceStore workspaces;
    private final ItemStore items;
    private final Operations operations;
    private final FaultRegistry faults;
    private final Clock clock;
    private final Map<String, Pipeline> pipelines = new LinkedHashMap<>();
    /** target item id → the source item it was deployed from, and when. */
    private final Map<String, String> deployedFrom = new LinkedHashMap<>();
    private final Map<String, Instant> lastDeployed = new LinkedHashMap<>();

    DeploymentPipelines(Object lock, WorkspaceStore workspaces, ItemStore items, Operations operations, FaultRegistry faults, Clock clock) {
        this.lock = lock;
        this.workspaces = workspaces;
        this.items = items;
        this.operations = operations;
        this.faults = faults;
        this.clock = clock;
    }

    /** Adds the {@code /deploymentPipelines} routes to the Fabric API. */
    void register(FabricApi api) {
        String base = "/deploymentPipelines";
        api.route("GET", base, (c, m) -> api.page(c, list(), "value"));
        api.route("POST", base, (c, m) -> c.respondJson(201, create(FabricApi.body(c))));
        api.route("GET", base + "/" + ID, (c, m) -> c.respondJson(200, get(m.group(1))));
        api.route("PATCH", base + "/" + ID, (c, m) -> c.respondJson(200, update(m.group(1), FabricApi.body(c))));
        api.route("DELETE", base + "/" + ID, (c, m) -> {
            delete(m.group(1));
            c.respondEmpty(200);
        });
        api.route("GET", base + "/" + ID + "/stages", (c, m) -> api.page(c, stages(m.group(1)), "value"));
        api.route("GET", base + "/" + ID + "/stages/" + ID, (c, m) -> c.respondJson(200, stage(m.group(1), m.group(2))));
        api.route("PATCH", base + "/" + ID + "/stages/" + ID, (c, m) -> c.respondJson(200, updateStage(m.group(1), m.group(2), FabricApi.body(c))));
        api.route("GET", base + "/" + ID + "/stages/" + ID + "/items", (c, m) -> api.page(c, stageItems(m.group(1), m.group(2)), "value"));
        api.route("POST", base + "/" + ID + "/stages/" + ID + "/assignWorkspace", (c, m) -> {
            assignWorkspace(m.group(1), m.group(2), FabricApi.body(c));
            c.respondEmpty(200);
        });
        api.route("POST", base + "/" + ID + "/stages/" + ID + "/unassignWorkspace", (c, m) -> {
            unassignWorkspace(m.group(1), m.group(2));
            c.respondEmpty(200);
        });
        api.route("GET", base + "/" + ID + "/roleAssignments", (c, m) -> api.page(c, admins(m.group(1)), "value"));
        api.route("POST", base + "/" + ID + "/roleAssignments", (c, m) -> c.respondJson(200, addAdmin(m.group(1), FabricApi.body(c))));
        api.route("DELETE", base + "/" + ID + "/roleAssignments/" + ID, (c, m) -> {
            removeAdmin(m.group(1), m.group(2));
            c.respondEmpty(200);
        });
        api.route("GET", base + "/" + ID + "/operations", (c, m) -> api.page(c, deployments(m.group(1)), "value"));
        api.route("GET", base + "/" + ID + "/operations/" + ID, (c, m) -> c.respondJson(200, deployment(m.group(1), m.group(2))));
        api.route("POST", base + "/" + ID + "/deploy", (c, m) -> {
            Accepted accepted = deploy(m.group(1), FabricApi.body(c));
            c.header("deployment-id", accepted.deploymentId());
            api.outcome(c, accepted.outcome());
        });
    }

    /** A deploy's answer: the operation to poll and the deployment record's id. */
    record Accepted(Operations.Outcome outcome, String deploymentId) {
    }

    // ------------------------------------------------------------------ pipelines

    List<JsonNode> list() {
        synchronized (lock) {
            return pipelines.values().stream().map(p -> (JsonNode) summary(p)).toList();
        }
    }

    ObjectNode create(JsonNode body) {
        String name = text(body, "displayName", null);
        if (name == null || name.isBlank() || name.length() > 256) {
            throw FabricError.badRequest("The DisplayName field is required and must be at most 256 characters.");
        }
        String description = text(body, "description", "");
        if (description.length() > 1024) {
            throw FabricError.badRequest("The Description field must be at most 1024 characters.");
        }
        JsonNode stages = body.path("stages");
        if (!stages.isArray() || stages.size() < 2 || stages.size() > 10) {
            throw FabricError.badRequest("The Stages field is required and must have between 2 and 10 stages.");
        }
        Set<String> stageNames = new HashSet<>();
        for (JsonNode s : stages) {
            String stageName = text(s, "displayName", null);
            if (stageName == null || stageName.isBlank()) {
                throw FabricError.badRequest("Every stage needs a DisplayName.");
            }
            if (!stageNames.add(stageName.toLowerCase(Locale.ROOT))) {
                throw FabricError.badRequest("The stage name '" + stageName + "' is used twice.");
            }
        }
        synchronized (lock) {
            if (pipelines.values().stream().anyMatch(p -> p.displayName.equalsIgnoreCase(name))) {
                throw new FabricError(409, "DeploymentPipelineDisplayNameAlreadyInUse", "A deployment pipeline named '" + name + "' already exists");
            }
            Pipeline p = new Pipeline();
            p.displayName = name;
            p.description = description;
            int order = 0;
            for (JsonNode s : stages) {
                p.stages.add(new Stage(order++, text(s, "displayName", null), text(s, "description", ""), s.path("isPublic").asBoolean(false)));
            }
            pipelines.put(p.id, p);
            return withStages(p);
        }
    }

    ObjectNode get(String pipelineId) {
        synchronized (lock) {
            return withStages(pipeline(pipelineId));
        }
    }

    ObjectNode update(String pipelineId, JsonNode body) {
        synchronized (lock) {
            Pipeline p = pipeline(pipelineId);
            String name = text(body, "displayName", null);
            if (name != null) {
                if (name.isBlank() || name.length() > 256) {
                    throw FabricError.badRequest("The DisplayName field must be between 1 and 256 characters.");
                }
                p.displayName = name;
            }
            String description = text(body, "description", null);
            if (description != null) {
                p.description = description;
            }
            return withStages(p);
        }
    }

    void delete(String pipelineId) {
        synchronized (lock) {
            Pipeline p = pipeline(pipelineId);
            refuseDuringDeployment(p);
            pipelines.remove(p.id);
        }
    }

    // ------------------------------------------------------------------ stages

    List<JsonNode> stages(String pipelineId) {
        synchronized (lock) {
            return pipeline(pipelineId).stages.stream().map(s -> (JsonNode) stageJson(s)).toList();
        }
    }

    ObjectNode stage(String pipelineId, String stageId) {
        synchronized (lock) {
            return stageJson(stage(pipeline(pipelineId), stageId));
        }
    }

    ObjectNode updateStage(String pipelineId, String stageId, JsonNode body) {
        synchronized (lock) {
            Stage s = stage(pipeline(pipelineId), stageId);
            String name = text(body, "displayName", null);
            if (name == null || name.isBlank()) {
                throw FabricError.badRequest("The DisplayName field is required.");
            }
            s.displayName = name;
            s.description = text(body, "description", s.description);
            if (body.has("isPublic")) {
                s.isPublic = body.path("isPublic").asBoolean();
            }
            return stageJson(s);
        }
    }

    List<JsonNode> stageItems(String pipelineId, String stageId) {
        synchronized (lock) {
            Pipeline p = pipeline(pipelineId);
            Stage s = stage(p, stageId);
            if (s.workspaceId == null) {
                return List.of();
            }
            Stage previous = s.order > 0 ? p.stages.get(s.order - 1) : null;
            Stage next = s.order + 1 < p.stages.size() ? p.stages.get(s.order + 1) : null;
            List<JsonNode> result = new ArrayList<>();
            for (Item i : deployable(s.workspaceId)) {
                ObjectNode n = HttpCall.JSON.createObjectNode().put("itemId", i.id).put("itemDisplayName", i.displayName).put("itemType", i.type);
                String source = deployedFrom.get(i.id);
                if (source != null && previous != null && previous.workspaceId != null && inWorkspace(source, previous.workspaceId)) {
                    n.put("sourceItemId", source);
                }
                if (next != null && next.workspaceId != null) {
                    pairedIn(i, next.workspaceId).ifPresent(t -> n.put("targetItemId", t.id));
                }
                Instant when = lastDeployed.get(i.id);
                if (when != null) {
                    n.put("lastDeploymentTime", Timestamps.format(when));
                }
                result.add(n);
            }
            return result;
        }
    }

    void assignWorkspace(String pipelineId, String stageId, JsonNode body) {
        synchronized (lock) {
            Pipeline p = pipeline(pipelineId);
            Stage s = stage(p, stageId);
            String workspaceId = text(body, "workspaceId", null);
            if (workspaceId == null) {
                throw FabricError.badRequest("The WorkspaceId field is required.");
            }
            Workspace w = workspaces.workspace(workspaceId);
            refuseDuringDeployment(p);
            if (s.workspaceId != null) {
                throw new FabricError(400, "StageAlreadyHasAssignedWorkspace", "The stage already has a workspace assigned");
            }
            boolean elsewhere = pipelines.values().stream().flatMap(x -> x.stages.stream()).anyMatch(x -> w.id.equals(x.workspaceId));
            if (elsewhere) {
                throw new FabricError(400, "WorkspaceAlreadyAssignedToStage", "The workspace is already assigned to a deployment pipeline stage");
            }
            s.workspaceId = w.id;
        }
    }

    void unassignWorkspace(String pipelineId, String stageId) {
        synchronized (lock) {
            Pipeline p = pipeline(pipelineId);
            Stage s = stage(p, stageId);
            refuseDuringDeployment(p);
            if (s.workspaceId == null) {
                throw new FabricError(400, "StageHasNoAssignedWorkspace", "The stage has no workspace assigned");
            }
            s.workspaceId = null;
        }
    }

    // ------------------------------------------------------------------ role assignments

    List<JsonNode> admins(String pipelineId) {
        synchronized (lock) {
            return List.copyOf(pipeline(pipelineId).admins.values());
        }
    }

    ObjectNode addAdmin(String pipelineId, JsonNode body) {
        JsonNode principal = body.path("principal");
        String id = text(principal, "id", null);
        String type = text(principal, "type", null);
        if (id == null || type == null) {
            throw FabricError.badRequest("The Principal field needs an Id and a Type.");
        }
        if (!"Admin".equals(text(body, "role", null))) {
            throw FabricError.badRequest("The Role field must be Admin.");
        }
        if ("ServicePrincipalProfile".equals(type)) {
            throw new FabricError(400, "PrincipalTypeNotSupported", "The principal type is not supported");
        }
        synchronized (lock) {
            Pipeline p = pipeline(pipelineId);
            ObjectNode n = HttpCall.JSON.createObjectNode().put("id", id);
            n.set("principal", principal.deepCopy());
            n.put("role", "Admin");
            p.admins.put(id.toLowerCase(Locale.ROOT), n);
            return n;
        }
    }

    void removeAdmin(String pipelineId, String principalId) {
        synchronized (lock) {
            Pipeline p = pipeline(pipelineId);
            if (p.admins.remove(principalId.toLowerCase(Locale.ROOT)) == null) {
                throw new FabricError(404, "PrincipalNotFound", "The principal has no role on the deployment pipeline");
            }
        }
    }

    // ------------------------------------------------------------------ deploy

    Accepted deploy(String pipelineId, JsonNode body) {
        Deployment d;
        List<Item> selected;
        Stage target;
        synchronized (lock) {
            Pipeline p = pipeline(pipelineId);
            Stage source = stage(p, requiredStage(body, "sourceStageId"));
            target = stage(p, requiredStage(body, "targetStageId"));
            String note = text(body, "note", null);
            if (note != null && note.length() > 1024) {
                throw FabricError.badRequest("The Note field must be at most 1024 characters.");
            }
            if (source == target) {
                throw new FabricError(400, "InvalidDeploymentOperationRequest", "The source and target stages must differ");
            }
            refuseDuringDeployment(p);
            if (source.workspaceId == null) {
                throw new FabricError(400, "DeploymentPipelineStageHasNoAssignedWorkspace", "The source stage has no workspace assigned");
            }
            if (target.workspaceId == null) {
                JsonNode created = body.path("createdWorkspaceDetails");
                if (!created.isObject() || text(created, "name", null) == null) {
                    throw new FabricError(400, "DeploymentPipelineStageHasNoAssignedWorkspace", "The target stage has no workspace assigned");
                }
                ObjectNode request = HttpCall.JSON.createObjectNode().put("displayName", text(created, "name", null));
                target.workspaceId = workspaces.create(request).path("id").asText();
            }
            if (target.order < source.order && !deployable(target.workspaceId).isEmpty()) {
                throw new FabricError(400, "InvalidDeploymentOperationRequest", "A backward deployment needs an empty target stage");
            }
            selected = selection(source, body.path("items"));
            d = new Deployment(source.id, target.id, note, clock.instant());
            int index = 0;
            for (Item i : selected) {
                Optional<Item> paired = pairedIn(i, target.workspaceId);
                ObjectNode step = d.steps.addObject().put("index", index++).put("description", i.type + "Deployment")
                        .put("status", "NotStarted").put("preDeploymentDiffState", paired.map(t -> sameDefinition(i, t) ? "NoDifference" : "Different").orElse("New"));
                ObjectNode st = step.putObject("sourceAndTarget").put("sourceItemId", i.id).put("sourceItemDisplayName", i.displayName);
                paired.ifPresent(t -> st.put("targetItemId", t.id).put("targetItemDisplayName", t.displayName));
                st.put("itemType", i.type);
            }
            p.deployments.add(0, d);
        }
        Deployment deployment = d;
        String targetWorkspace = target.workspaceId;
        // the operation's result is the deployment record as it ended (the spec leaves /result's content open)
        Operations.Outcome outcome = operations.run("Deploy", 200, true, true, false, () -> {
            execute(deployment, selected, targetWorkspace);
            synchronized (lock) {
                return deploymentJson(deployment, true, "Succeeded");
            }
        }, () -> {
            synchronized (lock) {
                deployment.endedAt = clock.instant();
            }
        });
        synchronized (lock) {
            d.operationId = outcome.operationId();
        }
        return new Accepted(outcome, d.id);
    }

    /** Copies every selected item; a step whose item fails is reported and the others go on. */
    private void execute(Deployment d, List<Item> selected, String targetWorkspace) {
        ArrayNode failures = HttpCall.JSON.createArrayNode();
        synchronized (lock) {
            for (int k = 0; k < selected.size(); k++) {
                Item source = selected.get(k);
                ObjectNode step = (ObjectNode) d.steps.get(k);
                Optional<Fault> failure = faults.takeOperationFailure("DeployItem:" + source.displayName);
                if (failure.isPresent()) {
                    String code = failure.get().errorCode();
                    String message = Optional.ofNullable(failure.get().message()).orElse("The item could not be deployed.");
                    step.put("status", "Failed");
                    step.putObject("error").put("errorCode", code).put("message", message);
                    failures.addObject().put("errorCode", code).put("message", source.type + " '" + source.displayName + "': " + message);
                    continue;
                }
                Item target = pairedIn(source, targetWorkspace).orElseGet(() -> copyInto(source, targetWorkspace));
                target.definitionParts = source.definitionParts == null ? null : source.definitionParts.deepCopy();
                target.definitionFormat = source.definitionFormat;
                target.description = source.description;
                deployedFrom.put(target.id, source.id);
                lastDeployed.put(target.id, clock.instant());
                lastDeployed.put(source.id, clock.instant());
                step.put("status", "Succeeded");
                ObjectNode st = (ObjectNode) step.path("sourceAndTarget");
                st.put("targetItemId", target.id).put("targetItemDisplayName", target.displayName);
            }
            d.endedAt = clock.instant();
        }
        if (!failures.isEmpty()) {
            throw new FabricError(400, "DeploymentOperationFailed", failures.size() + " of " + selected.size()
                    + " items failed to deploy", failures, false);
        }
    }

    private Item copyInto(Item source, String workspaceId) {
        ObjectNode request = HttpCall.JSON.createObjectNode().put("displayName", source.displayName).put("description", source.description);
        if (source.definitionParts != null) {
            ObjectNode definition = request.putObject("definition");
            if (source.definitionFormat != null) {
                definition.put("format", source.definitionFormat);
            }
            definition.set("parts", source.definitionParts.deepCopy());
        }
        String id = items.create(workspaceId, source.type, request, true).body().path("id").asText();
        return items.byId(id);
    }

    List<JsonNode> deployments(String pipelineId) {
        synchronized (lock) {
            return pipeline(pipelineId).deployments.stream().map(d -> (JsonNode) deploymentJson(d, false, status(d))).toList();
        }
    }

    ObjectNode deployment(String pipelineId, String deploymentId) {
        synchronized (lock) {
            return pipeline(pipelineId).deployments.stream().filter(d -> d.id.equalsIgnoreCase(deploymentId)).findFirst()
                    .map(d -> deploymentJson(d, true, status(d)))
                    .orElseThrow(() -> new FabricError(404, "DeploymentOperationNotFound", "The requested deployment operation was not found"));
        }
    }

    void reset() {
        synchronized (lock) {
            pipelines.clear();
            deployedFrom.clear();
            lastDeployed.clear();
        }
    }

    // ------------------------------------------------------------------ helpers (callers hold the lock)

    private String status(Deployment d) {
        return d.operationId == null ? "NotStarted" : operations.state(d.operationId).path("status").asText();
    }

    private ObjectNode deploymentJson(Deployment d, boolean withPlan, String status) {
        ObjectNode n = HttpCall.JSON.createObjectNode().put("id", d.id).put("type", "Deploy").put("status", status)
                .put("lastUpdatedTime", Timestamps.format(d.endedAt != null ? d.endedAt : d.startedAt))
                .put("executionStartTime", Timestamps.format(d.startedAt));
        if (d.endedAt != null && !"Running".equals(status) && !"NotStarted".equals(status)) {
            n.put("executionEndTime", Timestamps.format(d.endedAt));
        }
        n.put("sourceStageId", d.sourceStageId).put("targetStageId", d.targetStageId);
        if (d.note != null) {
            n.putObject("note").put("content", d.note).put("isTruncated", false);
        }
        ObjectNode diff = n.putObject("preDeploymentDiffInformation");
        diff.put("newItemsCount", count(d, "New")).put("differentItemsCount", count(d, "Different"))
                .put("noDifferenceItemsCount", count(d, "NoDifference"));
        n.putObject("performedBy").put("id", "9a6a5b5b-0e7b-4a0e-9bde-2a8f0f6f1a11").put("type", "ServicePrincipal");
        if (withPlan) {
            ArrayNode steps = d.steps.deepCopy();
            if ("Running".equals(status)) {
                steps.forEach(s -> ((ObjectNode) s).put("status", "Running"));
            }
            n.putObject("executionPlan").set("steps", steps);
        }
        return n;
    }

    private static int count(Deployment d, String state) {
        int n = 0;
        for (JsonNode s : d.steps) {
            if (state.equals(s.path("preDeploymentDiffState").asText())) {
                n++;
            }
        }
        return n;
    }

    private void refuseDuringDeployment(Pipeline p) {
        boolean running = p.deployments.stream().anyMatch(d -> d.operationId != null && !operations.done(d.operationId));
        if (running) {
            throw new FabricError(409, "DeploymentPipelineOperationInProgress", "Another deployment operation is in progress on this pipeline");
        }
    }

    private List<Item> selection(Stage source, JsonNode requested) {
        List<Item> all = deployable(source.workspaceId);
        if (requested.isMissingNode() || requested.isNull()) {
            if (all.isEmpty()) {
                throw new FabricError(400, "NoItemsToDeploy", "There are no items to deploy");
            }
            if (all.size() > MAX_ITEMS_PER_DEPLOY) {
                throw new FabricError(400, "NumberOfItemsInDeployRequestExceededLimit", "A deployment can include at most " + MAX_ITEMS_PER_DEPLOY + " items");
            }
            return all;
        }
        if (!requested.isArray() || requested.isEmpty()) {
            throw new FabricError(400, "NoItemsToDeploy", "There are no items to deploy");
        }
        if (requested.size() > MAX_ITEMS_PER_DEPLOY) {
            throw new FabricError(400, "NumberOfItemsInDeployRequestExceededLimit", "A deployment can include at most " + MAX_ITEMS_PER_DEPLOY + " items");
        }
        Set<String> seen = new HashSet<>();
        List<Item> chosen = new ArrayList<>();
        for (JsonNode r : requested) {
            String id = text(r, "sourceItemId", null);
            String type = text(r, "itemType", null);
            if (id == null || type == null) {
                throw FabricError.badRequest("Every item needs a SourceItemId and an ItemType.");
            }
            if (!seen.add(id.toLowerCase(Locale.ROOT))) {
                throw new FabricError(400, "DuplicateSourceObjectIds", "The item " + id + " is named twice");
            }
            Item item = all.stream().filter(i -> i.id.equalsIgnoreCase(id) && i.type.equalsIgnoreCase(type)).findFirst()
                    .orElseThrow(() -> new FabricError(400, "InvalidDeploymentOperationRequest",
                            "The source stage has no " + type + " with id " + id));
            chosen.add(item);
        }
        return chosen;
    }

    private List<Item> deployable(String workspaceId) {
        return items.itemsOf(workspaceId).stream().filter(i -> !NOT_DEPLOYED.contains(i.type)).toList();
    }

    /** The item of {@code workspaceId} paired with {@code source}: deployed from it, or of its type and name. */
    private Optional<Item> pairedIn(Item source, String workspaceId) {
        List<Item> candidates = deployable(workspaceId);
        Optional<Item> deployed = candidates.stream().filter(t -> source.id.equals(deployedFrom.get(t.id))).findFirst();
        if (deployed.isPresent()) {
            return deployed;
        }
        // the other way: the source was itself deployed from an item of that workspace (a backward pairing)
        String origin = deployedFrom.get(source.id);
        if (origin != null) {
            Optional<Item> back = candidates.stream().filter(t -> t.id.equals(origin)).findFirst();
            if (back.isPresent()) {
                return back;
            }
        }
        return candidates.stream().filter(t -> t.type.equals(source.type) && t.displayName.equalsIgnoreCase(source.displayName)).findFirst();
    }

    private boolean inWorkspace(String itemId, String workspaceId) {
        Item i = items.byId(itemId);
        return i != null && i.visible && i.workspaceId.equals(workspaceId);
    }

    private static boolean sameDefinition(Item a, Item b) {
        return a.definitionParts == null ? b.definitionParts == null : a.definitionParts.equals(b.definitionParts);
    }

    private static String requiredStage(JsonNode body, String field) {
        String id = text(body, field, null);
        if (id == null) {
            throw FabricError.badRequest("The " + Character.toUpperCase(field.charAt(0)) + field.substring(1) + " field is required.");
        }
        return id;
    }

    private Pipeline pipeline(String id) {
        Pipeline p = pipelines.get(id == null ? "" : id.toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new FabricError(404, "DeploymentPipelineNotFound", "The requested deployment pipeline was not found");
        }
        return p;
    }

    private static Stage stage(Pipeline p, String stageId) {
        return p.stages.stream().filter(s -> s.id.equalsIgnoreCase(stageId)).findFirst()
                .orElseThrow(() -> new FabricError(404, "DeploymentPipelineStageNotFound", "The requested stage was not found"));
    }

    private static ObjectNode summary(Pipeline p) {
        return HttpCall.JSON.createObjectNode().put("id", p.id).put("displayName", p.displayName).put("description", p.description);
    }

    /** The extended info: the pipeline with its stages, as create, get and update answer. */
    private ObjectNode withStages(Pipeline p) {
        ObjectNode n = summary(p);
        ArrayNode ss = n.putArray("stages");
        p.stages.forEach(s -> ss.add(stageJson(s)));
        return n;
    }

    private ObjectNode stageJson(Stage s) {
        ObjectNode n = HttpCall.JSON.createObjectNode().put("id", s.id).put("order", s.order).put("displayName", s.displayName)
                .put("description", s.description);
        if (s.workspaceId != null) {
            n.put("workspaceId", s.workspaceId);
            workspaces.resolve(s.workspaceId).ifPresent(w -> n.put("workspaceName", workspaces.get(w).path("displayName").asText()));
        }
        n.put("isPublic", s.isPublic);
        return n;
    }
}
