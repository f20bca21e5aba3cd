package io.weft.gateway.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.weft.contracts.Topics;
import io.weft.gateway.support.CommandRecords;
import io.weft.gateway.support.StagingDirectory;
import io.weft.testsupport.archive.TestArchives;
import io.weft.testsupport.archive.TestArchives.Entry;
import io.weft.testsupport.entra.EntraResource;
import io.weft.testsupport.kafka.KafkaResource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static io.weft.gateway.support.Authorized.given;
import static io.weft.testsupport.archive.TestArchives.file;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per validation rule, each with a crafted archive and the exact problem+json it earns. Limits
 * come from the test profile: 20 entries, 64 KiB per file, 128 KiB in all, ratio 50 above 16 KiB, 1 KiB headers.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(EntraResource.class)
class ArchiveRulesTest {

    @Test
    void symbolicLinkIsRefused() {
        assertRefused(TestArchives.tarGz("s.tgz", with(TestArchives.symlink("entities/passwd.csv", "/etc/passwd"))),
                error("entities/passwd.csv", "entry-type", "symbolic links are not allowed (to '/etc/passwd')"));
    }

    @Test
    void symbolicLinkInZipIsRefused() {
        assertRefused(TestArchives.zip("s.zip", with(TestArchives.symlink("entities/passwd.csv", "/etc/passwd"))),
                error("entities/passwd.csv", "entry-type", "symbolic links are not allowed"));
    }

    @Test
    void hardLinkIsRefused() {
        assertRefused(TestArchives.tar("h.tar", with(TestArchives.hardLink("entities/copy.csv", "entities/customers.csv"))),
                error("entities/copy.csv", "entry-type", "hard links are not allowed (to 'entities/customers.csv')"));
    }

    @Test
    void deviceIsRefused() {
        assertRefused(TestArchives.tar("d.tar", with(TestArchives.characterDevice("dev/null"))),
                error("dev/null", "entry-type", "devices are not allowed"));
    }

    @Test
    void namedPipeIsRefused() {
        assertRefused(TestArchives.tar("p.tar", with(TestArchives.fifo("pipe"))),
                error("pipe", "entry-type", "named pipes are not allowed"));
    }

    @Test
    void absolutePathIsRefused() {
        assertRefused(TestArchives.tarGz("a.tgz", with(file("/etc/cron.d/evil.csv", "a\n1\n"))),
                error("/etc/cron.d/evil.csv", "absolute-path", "absolute paths are not allowed"));
    }

    @Test
    void parentTraversalIsRefused() {
        assertRefused(TestArchives.zip("t.zip", with(file("entities/../../evil.csv", "a\n1\n"))),
                error("entities/../../evil.csv", "parent-traversal", "'..' is not allowed in paths"));
    }

    @Test
    void tooManyEntriesAreRefused() {
        List<Entry> entries = new ArrayList<>(TestArchives.retail());
        IntStream.range(0, 20).forEach(i -> entries.add(file("docs/note" + i + ".txt", "x")));
        assertRefused(TestArchives.tar("many.tar", entries),
                error("docs/note17.txt", "entry-count", "the archive has more than 20 entries"));
    }

    @Test
    void tooLargeFileIsRefused() {
        assertRefused(TestArchives.tar("big.tar", with(file("entities/big.csv", csv(70_000, true)))),
                error("entities/big.csv", "entry-size", "the file is larger than 65536 bytes uncompressed"));
    }

    @Test
    void tooLargeTotalIsRefused() {
        assertRefused(TestArchives.tar("total.tar", with(
                        file("entities/a.csv", csv(50_000, true)),
                        file("entities/b.csv", csv(50_000, true)),
                        file("entities/c.csv", csv(50_000, true)))),
                error("entities/c.csv", "total-size", "the archive's files add up to more than 131072 bytes uncompressed"));
    }

    @Test
    void compressionBombInTarGzIsRefused() {
        assertRefused(TestArchives.tarGz("bomb.tgz", with(file("entities/zeros.csv", csv(60_000, false)))),
                error("entities/zeros.csv", "compression-ratio",
                        "the data expands more than 50 times its compressed size (archive bomb?)"));
    }

    @Test
    void compressionBombInZipIsRefused() {
        assertRefused(TestArchives.zip("bomb.zip", with(file("entities/zeros.csv", csv(60_000, false)))),
                error("entities/zeros.csv", "compression-ratio",
                        "the data expands more than 50 times its compressed size (archive bomb?)"));
    }

    @Test
    void archiveWithoutEntitiesIsRefused() {
        assertRefused(TestArchives.tarGz("empty.tgz", List.of(file("data/customers.csv", "id\n1\n"))),
                error("(archive)", "entities-missing", "the archive has no entities/ folder with *.csv files"));
    }

    @Test
    void emptyCsvIsRefused() {
        assertRefused(TestArchives.tarGz("e.tgz", with(file("entities/empty.csv", ""))),
                error("entities/empty.csv", "csv-header-missing", "the file is empty: a header row is required"));
    }

    @Test
    void emptyColumnNameIsRefused() {
        assertRefused(TestArchives.tarGz("c.tgz", with(file("entities/stores.csv", "id, ,city\n1,x,Oslo\n"))),
                error("entities/stores.csv", "csv-column-empty", "column 2 has no name"));
    }

    @Test
    void duplicateColumnNameIsRefused() {
        assertRefused(TestArchives.tarGz("c.tgz", with(file("entities/stores.csv", "id,name,ID\n1,x,2\n"))),
                error("entities/stores.csv", "csv-column-duplicate",
                        "column 3 'ID' repeats column 1 (names are compared ignoring case)"));
    }

    @Test
    void overlongHeaderIsRefused() {
        String header = String.join(",", IntStream.range(0, 300).mapToObj(i -> "column" + i).toList());
        assertRefused(TestArchives.tarGz("c.tgz", with(file("entities/wide.csv", header + "\n"))),
                error("entities/wide.csv", "csv-header-too-long", "the header row is longer than the limit"));
    }

    @Test
    void invalidTableNameIsRefused() {
        assertRefused(TestArchives.tarGz("n.tgz", with(file("entities/2024.csv", "id\n1\n"))),
                error("entities/2024.csv", "table-name-invalid", "the file name gives the table name '2024', which"
                        + " does not match ^(?=[0-9]*[a-zA-Z_])[a-zA-Z0-9_]{1,256}$"));
    }

    @Test
    void tableNamesEqualIgnoringCaseAreRefused() {
        assertRefused(TestArchives.zip("n.zip", with(file("entities/Customers.CSV", "id\n1\n"))),
                error("entities/Customers.CSV", "table-name-collision",
                        "the table name 'customers' equals, ignoring case, the one of entities/customers.csv"));
    }

    @Test
    void unsupportedArchiveTypeIsRefused() throws Exception {
        Path rar = Files.createTempFile(Path.of("target"), "scenario", ".rar");
        Files.writeString(rar, "Rar!");
        Response response = upload(rar, "retail", "ws");
        assertProblem(response, List.of(Map.of("field", "archive", "rule", "archive-format",
                "detail", "'" + rar.getFileName() + "' is not a tar, tar.gz or zip archive")));
    }

    @Test
    void anArchiveIsToldByItsContentNotItsName() throws Exception {
        Path text = Files.createTempFile(Path.of("target"), "broken", ".tgz");
        Files.writeString(text, "this is not gzip");
        assertProblem(upload(text, "retail", "ws"), List.of(Map.of("field", "archive", "rule", "archive-format",
                "detail", "'" + text.getFileName() + "' is not a tar, tar.gz or zip archive")));

        Path zipNamedTgz = TestArchives.zip("zip.tgz", TestArchives.retail());
        upload(zipNamedTgz, "retail", "ws").then().statusCode(202);
    }

    @Test
    void truncatedArchiveIsRefusedSayingItEndsEarly() throws Exception {
        byte[] whole = Files.readAllBytes(TestArchives.tarGz("whole.tgz", with(file("entities/big.csv", csv(40_000, true)))));
        Path truncated = Files.write(Files.createTempFile(Path.of("target"), "truncated", ".tgz"),
                Arrays.copyOf(whole, whole.length / 2));
        assertRefused(truncated, error("(archive)", "archive-format",
                "not a readable tar.gz archive: the archive ends early (it is truncated or incomplete)"));
    }

    @Test
    void malformedCsvHeaderIsRefused() {
        assertRefused(TestArchives.tarGz("q.tgz", with(file("entities/stores.csv", "id,\"name\n"))),
                error("entities/stores.csv", "csv-header-malformed", "the header row is not valid CSV: a quoted"
                        + " name must end with a quote followed by a comma or the end of the line"));
    }

    @Test
    void everyProblemIsReportedAtOnceAndNothingIsStagedOrPublished() {
        var before = StagingDirectory.files();
        int published = CommandRecords.all(Topics.PROVISION_COMMANDS).size();
        Path archive = TestArchives.tarGz("many.tgz", List.of(
                TestArchives.symlink("entities/link.csv", "../secret"),
                file("entities/a.csv", "x,x\n"),
                file("entities/2.csv", "id\n")));

        Response response = given()
                .multiPart("archive", archive.toFile())
                .multiPart("scenarioName", "bad name!")
                .multiPart("lakehouseName", "1lake")
                .when().post("/api/v1/uploads");

        assertProblem(response, List.of(
                Map.of("field", "scenarioName", "rule", "pattern",
                        "detail", "scenarioName 'bad name!' must match ^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$"),
                Map.of("field", "workspace", "rule", "required", "detail", "workspace is required (a GUID or a display name)"),
                Map.of("field", "lakehouseName", "rule", "pattern",
                        "detail", "lakehouseName '1lake' must match ^[A-Za-z][A-Za-z0-9_]{0,255}$"),
                error("entities/link.csv", "entry-type", "symbolic links are not allowed (to '../secret')"),
                error("entities/a.csv", "csv-column-duplicate", "column 2 'x' repeats column 1 (names are compared ignoring case)"),
                error("entities/2.csv", "table-name-invalid", "the file name gives the table name '2', which"
                        + " does not match ^(?=[0-9]*[a-zA-Z_])[a-zA-Z0-9_]{1,256}$")));
        assertThat(StagingDirectory.files()).isEqualTo(before);
        assertThat(CommandRecords.all(Topics.PROVISION_COMMANDS)).hasSize(published);
    }

    @Test
    void missingArchiveIsRefused() {
        Response response = given().multiPart("scenarioName", "retail").multiPart("workspace", "ws")
                .when().post("/api/v1/uploads");
        assertProblem(response, List.of(Map.of("field", "archive", "rule", "required",
                "detail", "the scenario archive is required")));
    }

    private static List<Entry> with(Entry... extra) {
        List<Entry> entries = new ArrayList<>(TestArchives.retail());
        entries.addAll(Arrays.asList(extra));
        return entries;
    }

    /** A CSV of about {@code size} bytes: random digits (incompressible) or zeros (a bomb's filling). */
    private static byte[] csv(int size, boolean random) {
        byte[] bytes = new byte[size];
        Random digits = new Random(42);
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i % 32 == 31 ? '\n' : random ? '0' + digits.nextInt(10) : '0');
        }
        byte[] header = "value\n".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(header, 0, bytes, 0, header.length);
        return bytes;
    }

    private static Map<String, String> error(String entry, String rule, String detail) {
        return Map.of("entry", entry, "rule", rule, "detail", detail);
    }

    private static Response upload(Path archive, String scenario, String workspace) {
        return given()
                .multiPart("archive", archive.toFile())
                .multiPart("scenarioName", scenario)
                .multiPart("workspace", workspace)
                .when().post("/api/v1/uploads");
    }

    private static void assertRefused(Path archive, Map<String, String> expected) {
        var before = StagingDirectory.files();
        assertProblem(upload(archive, "retail", "ws"), List.of(expected));
        assertThat(StagingDirectory.files()).isEqualTo(before);
    }

    static void assertProblem(Response response, List<Map<String, String>> errors) {
        response.then().statusCode(422).contentType("application/problem+json");
        assertThat((String) response.path("type")).isEqualTo("urn:weft:problem:validation-failed");
        assertThat((String) response.path("title")).isEqualTo("The upload is not a valid scenario");
        assertThat((Integer) response.path("status")).isEqualTo(422);
        assertThat((String) response.path("detail"))
                .isEqualTo(errors.size() + (errors.size() == 1 ? " problem" : " problems") + " found; see errors");
        assertThat((String) response.path("instance")).isEqualTo("/api/v1/uploads");
        assertThat((List<Map<String, String>>) response.path("errors")).containsExactlyElementsOf(errors);
    }
}
