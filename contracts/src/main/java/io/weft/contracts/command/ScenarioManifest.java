package io.weft.contracts.command;

import java.util.List;

/**
 * What a scenario archive holds, parsed and validated by the gateway.
 *
 * @param tables     one entry per {@code entities/*.csv} file
 * @param totalBytes the uncompressed size of all the tables' files
 */
public record ScenarioManifest(List<TableManifest> tables, long totalBytes) {
}
