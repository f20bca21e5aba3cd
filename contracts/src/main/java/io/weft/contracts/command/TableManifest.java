package io.weft.contracts.command;

import java.util.List;

/**
 * One CSV file of a scenario archive, as the gateway validated it.
 *
 * @param table     the Fabric table name derived from the file name
 * @param path      the entry's path inside the archive, e.g. {@code entities/customers.csv}
 * @param columns   the header row, in order
 * @param sizeBytes the uncompressed size of the file
 */
public record TableManifest(String table, String path, List<String> columns, long sizeBytes) {
}
