package io.weft.tracker.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one multi-row statement as one array per column, bound as consecutive parameters and expanded
 * by {@code unnest(?::type[], ...)}: PostgreSQL plans and executes the statement once for every row, where a
 * JDBC batch executes it once per row (and pgjdbc cannot batch a statement that returns rows at all).
 */
final class ArrayColumns {

    private final int rows;
    private final List<String> types = new ArrayList<>();
    private final List<Object[]> columns = new ArrayList<>();

    ArrayColumns(int rows) {
        this.rows = rows;
    }

    /** A new column of the given PostgreSQL element type (text, int4, int8, bool, timestamptz), to fill by row. */
    Object[] column(String type) {
        // Typed arrays: pgjdbc chooses an array's encoding by its element class (and a wrong element fails here).
        Object[] values = switch (type) {
            case "text" -> new String[rows];
            case "int4" -> new Integer[rows];
            case "int8" -> new Long[rows];
            case "bool" -> new Boolean[rows];
            case "timestamptz" -> new OffsetDateTime[rows];
            default -> throw new IllegalArgumentException("no array column of type " + type);
        };
        types.add(type);
        columns.add(values);
        return values;
    }

    /** Binds the columns, in the order they were made, from the given parameter on; returns the next one. */
    int bind(Connection connection, PreparedStatement statement, int first) throws SQLException {
        int parameter = first;
        for (int c = 0; c < columns.size(); c++) {
            statement.setArray(parameter++, connection.createArrayOf(types.get(c), columns.get(c)));
        }
        return parameter;
    }

    /** A timestamptz element: pgjdbc writes an OffsetDateTime with its offset, an Instant not at all. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
