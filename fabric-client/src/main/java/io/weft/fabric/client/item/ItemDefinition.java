package io.weft.fabric.client.item;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Optional;

/** An item definition: an optional format (e.g. {@code TMDL}) and its parts. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemDefinition(String format, List<DefinitionPart> parts) {

    public ItemDefinition {
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    public static ItemDefinition of(String format, DefinitionPart... parts) {
        return new ItemDefinition(format, List.of(parts));
    }

    public Optional<DefinitionPart> part(String path) {
        return parts.stream().filter(p -> p.path().equals(path)).findFirst();
    }
}
