package io.weft.gateway.service;

import io.weft.contracts.command.DefinitionFormat;

import java.util.List;

/**
 * The manifest of a deployment's {@code 202}.
 *
 * @param format     TMDL or TMSL
 * @param files      the definition's files, relative to the model folder
 * @param totalBytes their total size
 * @param delivery   {@code inline} (parts in the command) or {@code staged} (the archive, by claim check)
 */
public record DefinitionSummary(DefinitionFormat format, List<String> files, long totalBytes, String delivery) {
}
