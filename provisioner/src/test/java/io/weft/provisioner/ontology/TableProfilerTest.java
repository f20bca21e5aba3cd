package io.weft.provisioner.ontology;

import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableProfilerTest {

    @Test
    void infersEachColumnFromQuotedMultilineCsv() throws Exception {
        String csv = "\uFEFFid,name,score,active,born\r\n"
                + "1,\"Smith, \"\"Jo\"\"\",1.5,true,2000-01-02\r\n"
                + "2,\"two\nlines\",3,false,\r\n"
                + "\r\n"
                + "3,Bo,,TRUE,1999-12-31\r\n";
        TableProfile profile = TableProfiler.profile("people", new StringReader(csv), 0);

        assertThat(profile.rowsSampled()).isEqualTo(3);
        assertThat(profile.columns()).extracting(TableProfile.Column::name).containsExactly("id", "name", "score", "active", "born");
        assertThat(profile.columns()).extracting(TableProfile.Column::type).containsExactly(
                ValueType.BIG_INT, ValueType.STRING, ValueType.DOUBLE, ValueType.BOOLEAN, ValueType.DATE_TIME);
    }

    @Test
    void aBomBeforeAQuotedFirstNameAndQuotedDelimitersInNames() throws Exception {
        TableProfile profile = TableProfiler.profile("t", new StringReader("\uFEFF\"id\",\"a,b\"\n1,x\n"), 0);

        assertThat(profile.columns()).extracting(TableProfile.Column::name).containsExactly("id", "a,b");
        assertThat(profile.rowsSampled()).isEqualTo(1);
    }

    @Test
    void readsOnlyTheSampleRows() throws Exception {
        TableProfile profile = TableProfiler.profile("t", new StringReader("a\n1\n2\nthree\n"), 2);

        assertThat(profile.rowsSampled()).isEqualTo(2);
        assertThat(profile.columns().get(0).type()).isEqualTo(ValueType.BIG_INT);
    }

    @Test
    void refusesAFileWithoutHeader() {
        assertThatThrownBy(() -> TableProfiler.profile("t", new StringReader(""), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no header");
    }
}
