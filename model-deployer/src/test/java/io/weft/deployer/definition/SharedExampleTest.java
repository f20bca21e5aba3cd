package io.weft.deployer.definition;

import io.weft.contracts.command.DefinitionFormat;
import io.weft.contracts.command.DefinitionPart;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The repository's shared example model ({@code examples/semantic-models/Sales}) must pass the deployer's validation. */
class SharedExampleTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "semantic-models", "Sales");

    @Test
    void theSharedSalesExamplePackages() throws IOException {
        assumeTrue(Files.isDirectory(EXAMPLE), "no shared example at " + EXAMPLE.toAbsolutePath().normalize());
        List<DefinitionFile> files;
        try (Stream<Path> walk = Files.walk(EXAMPLE)) {
            files = walk.filter(Files::isRegularFile).map(p -> new DefinitionFile(
                    EXAMPLE.relativize(p).toString().replace('\\', '/'), read(p))).toList();
        }

        PackagedDefinition packaged = new DefinitionPackager(PackagingLimits.DEFAULT).pack(DefinitionFormat.TMDL, files);

        assertThat(packaged.tables()).isPositive();
        assertThat(packaged.parts()).extracting(DefinitionPart::path).startsWith("definition.pbism")
                .contains("definition/model.tmdl", "definition/database.tmdl");
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
