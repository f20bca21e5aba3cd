package io.weft.deployer.definition;

import io.weft.contracts.command.DefinitionFormat;
import io.weft.contracts.command.DefinitionPart;

import java.util.List;

/**
 * A validated definition, ready for Fabric's create and updateDefinition calls.
 *
 * @param format     TMDL or TMSL, as found in the parts
 * @param parts      the parts with base64 payloads, {@code definition.pbism} first
 * @param tables     the number of table files (TMDL) or tables in {@code model.bim} (TMSL)
 * @param totalBytes the decoded size of all parts
 */
public record PackagedDefinition(DefinitionFormat format, List<DefinitionPart> parts, int tables, long totalBytes) {

    public PackagedDefinition {
        parts = List.copyOf(parts);
    }

    /** As Fabric's create and updateDefinition take it. */
    public io.weft.fabric.client.item.ItemDefinition toFabric() {
        return new io.weft.fabric.client.item.ItemDefinition(format.name(), parts.stream()
                .map(part -> new io.weft.fabric.client.item.DefinitionPart(part.path(), part.payload(),
                        io.weft.fabric.client.item.DefinitionPart.INLINE_BASE64))
                .toList());
    }
}
