package io.weft.fabric.emulator.fabric;

import java.time.Instant;
import java.util.List;

/**
 * A table a load created: what the emulator knows instead of Delta files.
 *
 * @param name        table name
 * @param columns     column names (from the header row, or _c0.. without one)
 * @param rowCount    data rows loaded so far (Append adds up)
 * @param sourceFiles OneLake paths of the files of the last load
 * @param loadedAt    when the last load finished
 */
public record TableInfo(String name, List<String> columns, long rowCount, List<String> sourceFiles, Instant loadedAt) {
}
