package io.weft.contracts.environments;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One named environment of an environments file.
 *
 * @param name        what commands name instead of a workspace, e.g. {@code dev}
 * @param workspace   the Fabric workspace, GUID or display name
 * @param capacity    the capacity the workspace runs on, or null
 * @param stage       the deployment pipeline stage holding the workspace, or null
 * @param parameters  parameter values by name, in file order
 * @param connections the connection bindings of its semantic models
 */
public record Environment(String name, String workspace, String capacity, String stage,
        Map<String, ParameterValue> parameters, List<ConnectionBinding> connections) {

    public Environment {
        parameters = Map.copyOf(parameters);
        connections = List.copyOf(connections);
    }

    /** The bindings of one model (base name, compared case-insensitively as Fabric compares item names). */
    public List<ConnectionBinding> connectionsOf(String modelName) {
        return connections.stream().filter(binding -> binding.model().equalsIgnoreCase(modelName)).toList();
    }

    public Optional<ParameterValue> parameter(String parameterName) {
        return Optional.ofNullable(parameters.get(parameterName));
    }
}
