package io.weft.fabric.client.lakehouse;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of Load Table: a file or folder under {@code Files/} loaded into a Delta table.
 *
 * @param relativePath  e.g. {@code Files/raw/customers.csv}
 * @param pathType      {@code File} or {@code Folder}
 * @param fileExtension e.g. {@code csv} (for folders)
 * @param mode          {@code Overwrite} or {@code Append}
 * @param formatOptions {@code Csv} (header, delimiter) or {@code Parquet}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadTableRequest(String relativePath, String pathType, String fileExtension, String mode, Boolean recursive,
        FormatOptions formatOptions) {

    public enum Mode {
        Overwrite, Append
    }

    public static LoadTableRequest csvFile(String relativePath, Mode mode, boolean header, String delimiter) {
        return new LoadTableRequest(relativePath, "File", null, mode.name(), false, new FormatOptions("Csv", header, delimiter));
    }

    public static LoadTableRequest parquetFile(String relativePath, Mode mode) {
        return new LoadTableRequest(relativePath, "File", null, mode.name(), false, new FormatOptions("Parquet", null, null));
    }

    public static LoadTableRequest folder(String relativePath, String fileExtension, Mode mode, FormatOptions format) {
        return new LoadTableRequest(relativePath, "Folder", fileExtension, mode.name(), true, format);
    }

    /** {@code format} is {@code Csv} (not CSV) or {@code Parquet}; header and delimiter apply to Csv only. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FormatOptions(String format, Boolean header, String delimiter) {
    }
}
