package io.weft.contracts.command;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a semantic model deployment treats an existing model. */
public enum DeploymentMode {
    /** Always a new model, named {@code <name>_<yyyyMMdd'T'HHmmss'Z'>}, so iterations never collide. */
    @JsonProperty("dev") DEV,
    /** The base name; an existing model is overwritten only when the command confirms it. */
    @JsonProperty("prod") PROD
}
