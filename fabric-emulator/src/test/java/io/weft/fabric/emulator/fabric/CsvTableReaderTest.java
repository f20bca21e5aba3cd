package io.weft.fabric.emulator.fabric;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTableReaderTest {

    @TempDir
    Path dir;

    @Test
    void bomCrlfQuotedDelimitersAndLineBreaks() throws Exception {
        Path csv = Files.writeString(dir.resolve("a.csv"),
                "\uFEFFid,\"name, full\"\r\n1,\"Smith, \"\"Jo\"\"\"\r\n\r\n2,\"two\r\nlines\"\r\n");

        CsvTableReader.Result result = CsvTableReader.read(csv, "Files/a.csv", ",", true);

        assertThat(result.columns()).isEqualTo(List.of("id", "name, full"));
        assertThat(result.rows()).isEqualTo(2);
    }

    @Test
    void aRowOfAnotherWidthNamesFileAndRow() throws Exception {
        Path csv = Files.writeString(dir.resolve("b.csv"), "a|b\n1|2\n\n3|4|5\n");

        assertThatThrownBy(() -> CsvTableReader.read(csv, "Files/b.csv", "|", true))
                .isInstanceOf(CsvTableReader.MalformedCsv.class)
                .hasMessage("Malformed CSV in 'Files/b.csv' at row 4: expected 2 fields but found 3.");
    }
}
