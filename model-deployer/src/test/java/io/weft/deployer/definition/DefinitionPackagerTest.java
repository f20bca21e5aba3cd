package io.weft.deployer.definition;

import io.weft.contracts.command.DefinitionFormat;
import io.weft.contracts.command.DefinitionPart;
import io.weft.deployer.ModelFolders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static io.weft.deployer.ModelFolders.INVENTORY_TMSL;
import static io.weft.deployer.ModelFolders.SALES_TMDL;
import static io.weft.deployer.ModelFolders.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DefinitionPackagerTest {

    private final DefinitionPackager packager = new DefinitionPackager(PackagingLimits.DEFAULT);

    @Test
    void packagesATmdlFolderWithPbismFirstAndLocalSettingsLeftOut() {
        PackagedDefinition packaged = packager.pack(DefinitionFormat.TMDL, ModelFolders.files(SALES_TMDL));

        assertThat(packaged.format()).isEqualTo(DefinitionFormat.TMDL);
        assertThat(packaged.tables()).isEqualTo(2);
        assertThat(packaged.parts()).extracting(DefinitionPart::path).containsExactly(
                "definition.pbism", ".platform", "definition/cultures/en-US.tmdl", "definition/database.tmdl",
                "definition/model.tmdl", "definition/relationships.tmdl", "definition/tables/Customers.tmdl",
                "definition/tables/Sales.tmdl");
        DefinitionPart model = packaged.parts().stream().filter(p -> p.path().equals("definition/model.tmdl")).findFirst().orElseThrow();
        assertThat(new String(Base64.getDecoder().decode(model.payload()), StandardCharsets.UTF_8)).startsWith("model Model");
    }

    @Test
    void packagesATmslModel() {
        PackagedDefinition packaged = packager.pack(DefinitionFormat.TMSL, ModelFolders.files(INVENTORY_TMSL));

        assertThat(packaged.format()).isEqualTo(DefinitionFormat.TMSL);
        assertThat(packaged.tables()).isEqualTo(1);
        assertThat(packaged.parts()).extracting(DefinitionPart::path).containsExactly("definition.pbism", "model.bim");
    }

    @Test
    void samePackageForTheSameFilesInAnyOrder() {
        List<DefinitionFile> files = ModelFolders.files(SALES_TMDL);
        List<DefinitionFile> reversed = new java.util.ArrayList<>(files);
        java.util.Collections.reverse(reversed);

        assertThat(packager.pack(DefinitionFormat.TMDL, reversed)).isEqualTo(packager.pack(DefinitionFormat.TMDL, files));
    }

    @Test
    void missingRequiredFilesAreAllReported() {
        List<DefinitionFile> files = with(ModelFolders.files(SALES_TMDL), null,
                "definition.pbism", "definition/model.tmdl", "definition/tables/Customers.tmdl", "definition/tables/Sales.tmdl");

        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class,
                () -> packager.pack(DefinitionFormat.TMDL, files));

        assertThat(e.reasons()).containsExactlyInAnyOrder(
                "'definition.pbism' is missing; every semantic model definition needs it (e.g. {\"version\":\"4.0\",\"settings\":{}})",
                "'definition/model.tmdl' is missing; a TMDL definition needs it",
                "a TMDL definition needs at least one table in 'definition/tables/<Table>.tmdl'");
    }

    @Test
    void declaredFormatMustMatchTheFiles() {
        assertThatThrownBy(() -> packager.pack(DefinitionFormat.TMSL, ModelFolders.files(SALES_TMDL)))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("the command declares format TMSL but the files are TMDL")
                .hasMessageContaining("set definition.format to TMDL");
    }

    @Test
    void tmdlAndTmslTogetherAreRefused() {
        List<DefinitionFile> files = with(ModelFolders.files(SALES_TMDL),
                new DefinitionFile("model.bim", "{\"model\":{}}".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> packager.pack(DefinitionFormat.TMDL, files))
                .hasMessageContaining("holds both TMSL ('model.bim') and TMDL ('definition/...') files; they are mutually exclusive");
    }

    @Test
    void aFileThatDoesNotDeclareWhatItsLocationSaysIsNamed() {
        List<DefinitionFile> files = with(ModelFolders.files(SALES_TMDL),
                new DefinitionFile("definition/tables/Sales.tmdl", "column Amount\n\tdataType: double\n".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> packager.pack(DefinitionFormat.TMDL, files))
                .hasMessageContaining("'definition/tables/Sales.tmdl' should declare a table first, but it starts with 'column Amount'");
    }

    @Test
    void brokenJsonAndWrongPlatformTypeAreReported() {
        List<DefinitionFile> files = with(with(ModelFolders.files(SALES_TMDL),
                        new DefinitionFile("definition.pbism", "{\"version\": 4.0,".getBytes(StandardCharsets.UTF_8))),
                new DefinitionFile(".platform", "{\"metadata\":{\"type\":\"Report\"}}".getBytes(StandardCharsets.UTF_8)));

        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class,
                () -> packager.pack(DefinitionFormat.TMDL, files));

        assertThat(e.reasons()).hasSize(2);
        assertThat(e.reasons().get(0)).startsWith("'definition.pbism' is not valid JSON");
        assertThat(e.reasons().get(1)).isEqualTo("'.platform' describes an item of type 'Report', not a SemanticModel");
    }

    @Test
    void unsafeAndUnexpectedPathsAreRefused() {
        List<DefinitionFile> files = with(with(with(ModelFolders.files(SALES_TMDL),
                                new DefinitionFile("../escape.tmdl", new byte[] {1})),
                        new DefinitionFile("definition/notes.txt", "hi".getBytes(StandardCharsets.UTF_8))),
                new DefinitionFile("report.json", "{}".getBytes(StandardCharsets.UTF_8)));

        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class,
                () -> packager.pack(DefinitionFormat.TMDL, files));

        assertThat(e.reasons()).containsExactlyInAnyOrder(
                "part '../escape.tmdl' has an empty, '.' or '..' path segment",
                "part 'definition/notes.txt' is under definition/ but is not a .tmdl file",
                "part 'report.json' is not part of a TMDL semantic model; expected only definition.pbism, .platform, "
                        + "diagramLayout.json and definition/**.tmdl");
    }

    @Test
    void duplicatePathsIgnoringCaseAreRefused() {
        List<DefinitionFile> files = new java.util.ArrayList<>(ModelFolders.files(SALES_TMDL));
        files.add(new DefinitionFile("definition/tables/sales.tmdl", "table sales\n".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> packager.pack(DefinitionFormat.TMDL, files))
                .hasMessageContaining("part 'definition/tables/sales.tmdl' appears twice");
    }

    @Test
    void nonUtf8TmdlIsRefused() {
        List<DefinitionFile> files = with(ModelFolders.files(SALES_TMDL),
                new DefinitionFile("definition/tables/Sales.tmdl", new byte[] {'t', 'a', (byte) 0xC3, (byte) 0x28}));

        assertThatThrownBy(() -> packager.pack(DefinitionFormat.TMDL, files))
                .hasMessageContaining("'definition/tables/Sales.tmdl' is not UTF-8 text");
    }

    @Test
    void tmslWithoutTablesIsRefused() {
        List<DefinitionFile> files = with(ModelFolders.files(INVENTORY_TMSL),
                new DefinitionFile("model.bim", "{\"compatibilityLevel\":1550,\"model\":{\"tables\":[]}}".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> packager.pack(DefinitionFormat.TMSL, files))
                .hasMessageContaining("'model.bim' defines no tables");
    }

    @Test
    void limitsHold() {
        DefinitionPackager small = new DefinitionPackager(new PackagingLimits(3, 1_000_000));

        assertThatThrownBy(() -> small.pack(DefinitionFormat.TMDL, ModelFolders.files(SALES_TMDL)))
                .hasMessageContaining("the definition has 8 parts, more than the limit of 3");
    }

    @Test
    void inlinePartsWithBadBase64AreRefusedWithTheirPath() {
        List<DefinitionPart> parts = List.of(new DefinitionPart("definition.pbism", "not*base64!"));

        assertThatThrownBy(() -> InlinePartsReader.read(parts, PackagingLimits.DEFAULT))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("the payload of part 'definition.pbism' is not valid base64");
    }

    @Test
    void firstDeclarationSkipsDescriptionsAndBlankLines() {
        assertThat(DefinitionPackager.firstDeclaration("\n/// The sales table\n\ttable Sales\n")).isEqualTo("table Sales");
        assertThat(DefinitionPackager.firstDeclaration("\n  \n")).isNull();
    }
}
