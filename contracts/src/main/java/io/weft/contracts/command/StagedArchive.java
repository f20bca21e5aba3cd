package io.weft.contracts.command;

/**
 * A claim check: where the uploaded bytes were staged, and what a reader must verify before using them.
 *
 * @param uri       the staged object, {@code file:///...} for the local-directory store or
 *                  {@code abfss://container@account.dfs.core.windows.net/path} for ADLS Gen2
 * @param sizeBytes the exact size of the staged object
 * @param sha256    lowercase hex SHA-256 of the staged object
 * @param fileName  the name the client uploaded, for messages only (never used as a path)
 */
public record StagedArchive(String uri, long sizeBytes, String sha256, String fileName) {
}
