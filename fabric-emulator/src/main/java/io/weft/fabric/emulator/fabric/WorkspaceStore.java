package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.http.HttpCall;
import io.weft.fabric.emulator.onelake.OneLakeStore;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.weft.fabric.emulator.fabric.Bodies.requiredText;
import static io.weft.fabric.emulator.fabric.Bodies.text;

/** The workspaces: create, list, get, delete, and their JSON. Guarded by the control plane's one lock. */
public final class WorkspaceStore {

    private final Map<String, Workspace> workspaces = new LinkedHashMap<>();
    private final Object lock;
    private final OneLakeStore oneLake;
    private final Clock clock;

    WorkspaceStore(Object lock, OneLakeStore oneLake, Clock clock) {
        this.lock = lock;
        this.oneLake = oneLake;
        this.clock = clock;
    }

    public ObjectNode create(JsonNode body) {
        synchronized (lock) {
            String name = requiredText(body, "displayName");
            if (name.length() > 256) {
                throw FabricError.badRequest("The DisplayName field is too long.");
            }
            if (workspaces.values().stream().anyMatch(w -> w.displayName.equalsIgnoreCase(name))) {
                throw new FabricError(409, "WorkspaceNameAlreadyExists", "Workspace name already exists");
            }
            Workspace w = new Workspace(UUID.randomUUID().toString(), name, text(body, "description", ""), text(body, "capacityId", null), clock.instant());
            workspaces.put(w.id, w);
            try {
                Files.createDirectories(oneLake.workspaceRoot(w.id));
            } catch (IOException e) {
                throw new FabricError(500, "InternalError", "Could not create the workspace's OneLake folder");
            }
            return json(w, false);
        }
    }

    public List<JsonNode> list() {
        synchronized (lock) {
            return workspaces.values().stream().map(w -> (JsonNode) json(w, false)).toList();
        }
    }

    public ObjectNode get(String id) {
        synchronized (lock) {
            return json(workspace(id), true);
        }
    }

    /** Forgets the workspace; its items go with it ({@link FabricService#deleteWorkspace}). */
    void remove(String id) {
        synchronized (lock) {
            workspaces.remove(workspace(id).id);
        }
    }

    /** A workspace by GUID or display name, as OneLake accepts either. */
    public Optional<String> resolve(String idOrName) {
        synchronized (lock) {
            Workspace w = workspaces.get(idOrName.toLowerCase(Locale.ROOT));
            if (w == null) {
                w = workspaces.values().stream().filter(x -> x.displayName.equals(idOrName)).findFirst().orElse(null);
            }
            return Optional.ofNullable(w).map(x -> x.id);
        }
    }

    Workspace workspace(String id) {
        synchronized (lock) {
            Workspace w = workspaces.get(id == null ? "" : id.toLowerCase(Locale.ROOT));
            if (w == null) {
                throw FabricError.workspaceNotFound();
            }
            return w;
        }
    }

    Collection<Workspace> all() {
        return workspaces.values();
    }

    void clear() {
        workspaces.clear();
    }

    ObjectNode json(Workspace w, boolean info) {
        ObjectNode n = HttpCall.JSON.createObjectNode()
                .put("id", w.id)
                .put("displayName", w.displayName)
                .put("description", w.description)
                .put("type", "Workspace");
        if (w.capacityId != null) {
            n.put("capacityId", w.capacityId);
            n.put("capacityRegion", "West Europe");
        }
        if (info) {
            if (w.capacityId != null) {
                n.put("capacityAssignmentProgress", "Completed");
            }
            n.putObject("oneLakeEndpoints").put("blobEndpoint", oneLake.publicUrl()).put("dfsEndpoint", oneLake.publicUrl());
        }
        return n;
    }
}
