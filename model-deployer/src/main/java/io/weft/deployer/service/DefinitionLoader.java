package io.weft.deployer.service;

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
import io.weft.support.staging.StagingIntegrityException;
import io.weft.support.staging.StagingStore;
import io.weft.support.staging.VerifiedObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.io.IOException;
import java.time.temporal.ChronoUnit;
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
    /** Error code of a staged archive that is missing or not the bytes the command describes. */
    public static final String STAGED_ARCHIVE_INVALID = "StagedArchiveInvalid";

    private final StagingStore staging;
    private final DeployerConfig config;
    private final DefinitionPackager packager;

    @Inject
    public DefinitionLoader(StagingStore staging, DeployerConfig config) {
        this.staging = staging;
        this.config = config;
        this.packager = new DefinitionPackager(config.definition().limits());
    }

    /**
     * Reading the staging store may fail for a moment (a network hiccup to ADLS); that is retried here, while
     * a missing or altered object ({@link StagingIntegrityException}) and a bad definition are final.
     */
    @Retry(maxRetries = 3, delay = 1, delayUnit = ChronoUnit.SECONDS, retryOn = IOException.class)
    public PackagedDefinition load(SemanticModelDefinition definition) throws IOException {
        try {
            return packager.pack(definition.format(), files(definition));
        } catch (InvalidDefinitionException e) {
            throw new CommandRejectedException(INVALID_DEFINITION, String.join("; ", e.reasons()), e);
        } catch (StagingIntegrityException e) {
            throw new CommandRejectedException(STAGED_ARCHIVE_INVALID, e.getMessage(), e);
        }
    }

    private List<DefinitionFile> files(SemanticModelDefinition definition) throws IOException {
        if (definition.parts() != null && !definition.parts().isEmpty()) {
            return InlinePartsReader.read(definition.parts(), config.definition().limits());
        }
        StagedArchive archive = definition.archive();
        try (VerifiedObject object = staging.open(archive)) {
            String name = archive.fileName() != null ? archive.fileName() : archive.uri();
            return ArchiveReader.read(object.file(), name, config.definition().limits());
        }
    }

    /** Removes the staged archive of a definition, if it has one. */
    public void discard(SemanticModelDefinition definition) throws IOException {
        if (definition.archive() != null) {
            staging.delete(definition.archive());
        }
    }
}
