package io.weft.provisioner.archive;

import io.weft.contracts.command.TableManifest;

import java.nio.file.Path;

/**
 * One table's CSV file, extracted from the archive.
 *
 * @param manifest what the gateway found about it
 * @param file     the extracted file, named {@code <table>.csv} in the job's working directory
 */
public record ExtractedTable(TableManifest manifest, Path file) {

    /** The table name. */
    public String table() {
        return manifest.table();
    }

    /** The file name used in OneLake: {@code <table>.csv}, whatever the archive called it. */
    public String fileName() {
        return file.getFileName().toString();
    }

    /** The file's size in bytes. */
    public long sizeBytes() {
        return manifest.sizeBytes();
    }
}
