package io.weft.contracts.command;

import java.util.List;

/**
 * A semantic model definition, either inline or as a staged archive of the model folder: exactly one of
 * {@code parts} and {@code archive} is present.
 *
 * @param format  TMDL or TMSL
 * @param parts   the definition's files, inline (what upstream CI systems usually publish)
 * @param archive a staged archive (tar, tar.gz or zip) of the model folder
 */
public record SemanticModelDefinition(DefinitionFormat format, List<DefinitionPart> parts, StagedArchive archive) {
}
