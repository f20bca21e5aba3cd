package io.weft.deployer.definition;

import java.nio.charset.StandardCharsets;

/**
 * One file of a semantic model definition before packaging, with its path relative to the model folder.
 *
 * @param path    forward-slash path relative to the model folder, e.g. {@code definition/tables/Sales.tmdl}
 * @param content the file's bytes
 */
public record DefinitionFile(String path, byte[] content) {

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }
}
