package io.weft.contracts.command;

/**
 * One file of an item definition, as Fabric's definition APIs take it.
 *
 * @param path    the part's path relative to the definition root, e.g. {@code definition/model.tmdl}
 * @param payload the file's content, base64-encoded
 */
public record DefinitionPart(String path, String payload) {
}
