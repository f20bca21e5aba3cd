package io.weft.deployer.service;

import io.weft.archive.staged.StagedArchiveException;
import io.weft.archive.staged.StagedArchiveFetcher;
import io.weft.contracts.command.SemanticModelDefinition;
import io.weft.contracts.command.StagedArchive;
import io.weft.deployer.config.DeployerConfig;
import io.weft.deployer.definition.ArchiveReader;
import io.weft.deployer.definition.DefinitionFile;
import io.weft.deployer.definition.DefinitionPackager;
import io.weft.deployer.definition.InlinePartsReader;
import io.weft.deployer.definition.InvalidDefinitionException;
import io.weft.deployer.definition.PackagedDefinition;
import io.weft.support.jobs.CommandRejectedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.util.List;

/**
 * Turns a command's definition (inline parts, or the staged archive of a model folder) into validated parts.
 * A definition that can never deploy is a {@link CommandRejectedException}: it goes to the dead-letter topic
 * with every reason found.
 */
@ApplicationScoped
public class DefinitionLoader {

    /** Error code of a definition that is malformed or does not match the declared format. */
    public static final String INVALID_DEFINITION = "InvalidDefinition";

    private final StagedArchiveFetcher fetcher;
    private final DeployerConfig config;
    private final DefinitionPackager packager;

    @Inject
    public DefinitionLoader(StagedArchiveFetcher fetcher, DeployerConfig config) {
        this.fetcher = fetcher;
        this.config = config;
        this.packager = new DefinitionPackager(config.definition().limits());
    }

    /**
     * A staged archive comes through archive-support's {@link StagedArchiveFetcher}, which retries a store that
     * fails for a moment; a missing, altered or refused archive fails with that fetcher's codes
     * ({@link StagedArchiveException}), a bad definition with {@link #INVALID_DEFINITION}.
     */
    public PackagedDefinition load(SemanticModelDefinition definition) throws IOException {
        try {
            return packager.pack(definition.format(), files(definition));
        } catch (InvalidDefinitionException e) {
            throw new CommandRejectedException(INVALID_DEFINITION, String.join("; ", e.reasons()), e);
        } catch (StagedArchiveException e) {
            throw new CommandRejectedException(e.code(), e.getMessage(), e);
        }
    }

    private List<DefinitionFile> files(SemanticModelDefinition definition) throws IOException {
        if (definition.parts() != null && !definition.parts().isEmpty()) {
            return InlinePartsReader.read(definition.parts(), config.definition().limits());
        }
        StagedArchive archive = definition.archive();
        String name = archive.fileName() != null ? archive.fileName() : archive.uri();
        return fetcher.read(archive, file -> ArchiveReader.read(file, name, config.definition().limits()));
    }
}
