package io.weft.testsupport;

import io.weft.testsupport.postgres.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestDatabaseTest {

    @Test
    void freshDatabaseIsUsableAndGoneAfterClose() throws Exception {
        TestDatabase first = TestDatabase.create();
        try (TestDatabase second = TestDatabase.create()) {
            assertThat(second.name()).isNotEqualTo(first.name());
            try (Connection connection = first.connect(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (v int)");
                statement.execute("INSERT INTO t VALUES (42)");
            }
            try (Connection connection = second.connect(); Statement statement = connection.createStatement();
                    ResultSet tables = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 't'")) {
                tables.next();
                assertThat(tables.getInt(1)).as("runs never see each other's data").isZero();
            }
        } finally {
            first.close();
        }
        assertThatThrownBy(first::connect).hasMessageContaining(first.name());
    }
}
