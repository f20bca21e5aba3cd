package io.weft.contracts.command;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The format of a semantic model definition. */
public enum DefinitionFormat {
    /** A TMDL folder: {@code definition.pbism}, {@code definition/model.tmdl}, {@code definition/tables/*.tmdl}, ... */
    @JsonProperty("TMDL") TMDL,
    /** A TMSL model: {@code model.bim} and {@code definition.pbism}. */
    @JsonProperty("TMSL") TMSL
}
