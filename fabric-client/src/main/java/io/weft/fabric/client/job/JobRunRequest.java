package io.weft.fabric.client.job;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * The body of an on-demand run (RunOnDemandItemJobRequest): {@code parameters} as Fabric types them, and the
 * item type's free-form {@code executionData}. Both optional; an empty request sends no body.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record JobRunRequest(Map<String, Object> executionData, List<Parameter> parameters) {

    public static final JobRunRequest EMPTY = new JobRunRequest(Map.of(), List.of());

    public JobRunRequest {
        executionData = executionData == null ? Map.of() : Map.copyOf(executionData);
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    public boolean isEmpty() {
        return executionData.isEmpty() && parameters.isEmpty();
    }

    /** One typed parameter: {@code Text}, {@code Integer}, {@code Number}, {@code Boolean}, {@code DateTime}, ... */
    public record Parameter(String name, String type, Object value) {
    }
}
