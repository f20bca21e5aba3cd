package io.weft.gateway.service;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvHeaderTest {

    @Test
    void aBomIsNotPartOfTheFirstName() throws IOException {
        assertThat(read("\uFEFFid,name\n1,Ada\n", 1024)).isEqualTo(ok("id", "name"));
    }

    @Test
    void crlfEndsTheHeader() throws IOException {
        assertThat(read("id,name\r\n1,Ada\r\n", 1024)).isEqualTo(ok("id", "name"));
    }

    @Test
    void quotedNamesMayHoldDelimitersQuotesAndLineBreaks() throws IOException {
        assertThat(read("\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\"\n1,2,3\n", 1024))
                .isEqualTo(ok("a,b", "say \"hi\"", "two\r\nlines"));
    }

    @Test
    void namesAreKeptAsWrittenAndEmptyOnesShow() throws IOException {
        assertThat(read("id, ,city", 1024)).isEqualTo(ok("id", " ", "city"));
    }

    @Test
    void anEmptyFileHasNoColumns() throws IOException {
        assertThat(read("", 1024)).isEqualTo(new CsvHeader.Result(List.of(), CsvHeader.Status.READ));
    }

    @Test
    void aHeaderLongerThanTheLimitIsTooLong() throws IOException {
        assertThat(read("abcdefghij,klmnop\n1,2\n", 10).status()).isEqualTo(CsvHeader.Status.TOO_LONG);
        assertThat(read("\"ab\ncdefghijklmnop\"\n1\n", 10).status()).isEqualTo(CsvHeader.Status.TOO_LONG);
    }

    @Test
    void aHeaderThatEndsJustInsideTheLimitIsRead() throws IOException {
        assertThat(read("abc,def\n1,2,3,4,5,6,7,8\n", 8)).isEqualTo(ok("abc", "def"));
        assertThat(read("abc,de\n\"1,2,3,4,5,6,7,8\n", 10)).isEqualTo(ok("abc", "de"));
    }

    @Test
    void anUnclosedQuoteIsMalformed() throws IOException {
        assertThat(read("id,\"name\n", 1024).status()).isEqualTo(CsvHeader.Status.MALFORMED);
    }

    private static CsvHeader.Result ok(String... columns) {
        return new CsvHeader.Result(List.of(columns), CsvHeader.Status.READ);
    }

    private static CsvHeader.Result read(String csv, int maxBytes) throws IOException {
        return CsvHeader.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), maxBytes);
    }
}
