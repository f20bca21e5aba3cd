package io.weft.fabric.emulator.fabric;

import io.weft.fabric.emulator.admin.FaultRegistry;

import java.time.Clock;

/**
 * Who and what a workspace runs on: its capacity assignment and its role assignments, and their routes under
 * {@code /v1} (capacities list and get, assign/unassign capacity, role assignments add, list with paging, get,
 * update, delete), and the connections it binds semantic models to ({@link Connections}).
 */
public final class WorkspaceAccess {

    private static final String ID = "([^/]+)";

    private final Capacities capacities;
    private final RoleAssignments roles;
    private final Connections connections;

    public WorkspaceAccess(FabricService service, FaultRegistry faults, Clock clock) {
        this.capacities = new Capacities(service, faults, clock);
        this.roles = new RoleAssignments(service);
        this.connections = new Connections(service, clock);
    }

    public Connections connections() {
        return connections;
    }

    public Capacities capacities() {
        return capacities;
    }

    public RoleAssignments roles() {
        return roles;
    }

    public void reset() {
        capacities.reset();
        roles.reset();
        connections.reset();
    }

    /** Adds this surface's routes to the Fabric API. */
    void register(FabricApi api) {
        api.route("GET", "/capacities", (c, m) -> api.page(c, capacities.list(), "value"));
        api.route("GET", "/capacities/" + ID, (c, m) -> c.respondJson(200, capacities.get(m.group(1))));
        api.route("POST", "/workspaces/" + ID + "/assignToCapacity", (c, m) -> {
            capacities.assign(m.group(1), FabricApi.body(c));
            c.respondEmpty(202);
        });
        api.route("POST", "/workspaces/" + ID + "/unassignFromCapacity", (c, m) -> {
            capacities.unassign(m.group(1));
            c.respondEmpty(202);
        });

        String assignments = "/workspaces/" + ID + "/roleAssignments";
        api.route("GET", assignments, (c, m) -> api.page(c, roles.list(m.group(1)), "value"));
        api.route("POST", assignments, (c, m) -> {
            var created = roles.add(m.group(1), FabricApi.body(c));
            c.header("Location", api.apiUrl() + "/workspaces/" + m.group(1) + "/roleAssignments/" + created.path("id").asText());
            c.respondJson(201, created);
        });
        api.route("GET", assignments + "/" + ID, (c, m) -> c.respondJson(200, roles.get(m.group(1), m.group(2))));
        api.route("PATCH", assignments + "/" + ID, (c, m) -> c.respondJson(200, roles.update(m.group(1), m.group(2), FabricApi.body(c))));
        api.route("DELETE", assignments + "/" + ID, (c, m) -> {
            roles.delete(m.group(1), m.group(2));
            c.respondEmpty(200);
        });

        api.route("GET", "/connections", (c, m) -> api.page(c, connections.list(), "value"));
        api.route("POST", "/connections", (c, m) -> {
            var created = connections.create(FabricApi.body(c));
            c.header("Location", api.apiUrl() + "/connections/" + created.path("id").asText());
            c.respondJson(201, created);
        });
        api.route("GET", "/connections/" + ID, (c, m) -> c.respondJson(200, connections.get(m.group(1))));
        api.route("DELETE", "/connections/" + ID, (c, m) -> {
            connections.delete(m.group(1));
            c.respondEmpty(200);
        });
        api.route("POST", "/workspaces/" + ID + "/semanticModels/" + ID + "/bindConnection", (c, m) -> {
            connections.bind(m.group(1), m.group(2), FabricApi.body(c));
            c.respondEmpty(200);
        });
    }
}
