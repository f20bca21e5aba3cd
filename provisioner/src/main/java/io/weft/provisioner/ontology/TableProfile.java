package io.weft.provisioner.ontology;

import java.util.List;

/**
 * What the ontology needs to know of one loaded table.
 *
 * @param table       the lakehouse table's name
 * @param columns     its columns, in order, with their inferred value types
 * @param rowsSampled the data rows the types were inferred from
 */
public record TableProfile(String table, List<Column> columns, long rowsSampled) {

    public TableProfile {
        columns = List.copyOf(columns);
    }

    /** A column and its inferred value type. */
    public record Column(String name, ValueType type) {
    }
}
