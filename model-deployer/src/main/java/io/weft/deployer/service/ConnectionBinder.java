package io.weft.deployer.service;

import io.weft.contracts.environments.ConnectionBinding;
import io.weft.contracts.environments.Environment;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.connection.Connection;
import io.weft.fabric.client.connection.ConnectionClient;
import io.weft.fabric.client.semanticmodel.SemanticModelClient;
import io.weft.support.jobs.JobFailureException;
import io.weft.support.jobs.ResourceFailure;
import io.weft.support.plan.PlannedChange;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a semantic model's data sources to an environment's connections, after a deployment or a promotion. Every
 * connection is resolved (one listing) before the first bind, so missing ones fail the step all named at once and
 * nothing is half-bound for that reason. Binding again is harmless (Fabric replaces a data source's binding), so a
 * redelivery repeats the step.
 */
@ApplicationScoped
public class ConnectionBinder {

    /** Error code of a binding whose connection Fabric does not list for the deployer's identity. */
    public static final String CONNECTION_NOT_FOUND = "ConnectionNotFound";
    /** How a plan names a binding's entries. */
    public static final String BINDING = "ConnectionBinding";

    private final ConnectionClient connections;
    private final SemanticModelClient models;

    public ConnectionBinder(ConnectionClient connections, SemanticModelClient models) {
        this.connections = connections;
        this.models = models;
    }

    /** @return one entry per binding made: data source, connection name and id */
    public List<Map<String, Object>> bind(String workspaceId, String modelId, Environment environment,
            List<ConnectionBinding> bindings) {
        Map<ConnectionBinding, Connection> resolved = resolve(environment, bindings);
        List<Map<String, Object>> bound = new ArrayList<>();
        resolved.forEach((binding, connection) -> {
            try {
                models.bindConnection(workspaceId, modelId, connection.id(), binding.connectivityType(),
                        binding.dataSourceType(), binding.dataSourcePath());
            } catch (FabricException e) {
                throw new ResourceFailure(binding.connection(), e);
            }
            bound.add(Map.of("dataSourceType", binding.dataSourceType(), "dataSourcePath", binding.dataSourcePath(),
                    "connection", connection.displayName(), "connectionId", connection.id()));
        });
        return bound;
    }

    /**
     * What {@link #bind} would do, for a plan: each binding with the connection it would use, or one refusal naming
     * every missing connection. Only reads.
     */
    public List<PlannedChange> plan(String modelName, Environment environment, List<ConnectionBinding> bindings) {
        if (bindings.isEmpty()) {
            return List.of();
        }
        try {
            List<PlannedChange> planned = new ArrayList<>();
            resolve(environment, bindings).forEach((binding, connection) -> planned.add(PlannedChange.of(BINDING,
                    modelName + ": " + binding.dataSourceType() + " '" + binding.dataSourcePath() + "'", PlannedChange.Action.UPDATE,
                    "bound to connection '" + connection.displayName() + "' of environment '" + environment.name() + "'")));
            return planned;
        } catch (JobFailureException e) {
            return List.of(PlannedChange.of(BINDING, modelName, PlannedChange.Action.REFUSED, e.getMessage()));
        }
    }

    /**
     * Each binding's connection, by id or display name; only reads.
     *
     * @throws JobFailureException {@link #CONNECTION_NOT_FOUND} naming every missing connection
     */
    public Map<ConnectionBinding, Connection> resolve(Environment environment, List<ConnectionBinding> bindings) {
        List<Connection> visible;
        try {
            visible = connections.list();
        } catch (FabricException e) {
            throw new ResourceFailure("connections", e);
        }
        List<String> missing = new ArrayList<>();
        Map<ConnectionBinding, Connection> resolved = new LinkedHashMap<>();
        for (ConnectionBinding binding : bindings) {
            visible.stream().filter(c -> binding.connection().equalsIgnoreCase(c.id()) || binding.connection().equalsIgnoreCase(c.displayName()))
                    .findFirst().ifPresentOrElse(c -> resolved.put(binding, c), () -> missing.add("'" + binding.connection()
                            + "' (for data source " + binding.dataSourceType() + " '" + binding.dataSourcePath() + "')"));
        }
        if (!missing.isEmpty()) {
            throw new JobFailureException(CONNECTION_NOT_FOUND, (missing.size() == 1 ? "Connection " : "Connections ")
                    + String.join(", ", missing) + " of environment '" + environment.name() + "' "
                    + (missing.size() == 1 ? "does" : "do") + " not exist or " + (missing.size() == 1 ? "is" : "are")
                    + " not visible to the deployer's identity", bindings.get(0).connection(), false);
        }
        return resolved;
    }
}
