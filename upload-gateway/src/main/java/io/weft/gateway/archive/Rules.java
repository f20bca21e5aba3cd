package io.weft.gateway.archive;

import io.weft.archive.ArchiveRules;

/**
 * The identifiers of the validation rules, as they appear in problem+json {@code errors[].rule}. The archive's
 * own rules (entry types, names, sizes, ratio) are archive-support's {@link ArchiveRules}; these are the
 * gateway's: what a scenario or a model folder must hold, and the form fields.
 */
public final class Rules {

    public static final String ARCHIVE_FORMAT = ArchiveRules.ARCHIVE_FORMAT;
    public static final String ENTITIES_MISSING = "entities-missing";
    public static final String CSV_HEADER_MISSING = "csv-header-missing";
    public static final String CSV_HEADER_TOO_LONG = "csv-header-too-long";
    public static final String CSV_HEADER_MALFORMED = "csv-header-malformed";
    public static final String CSV_COLUMN_EMPTY = "csv-column-empty";
    public static final String CSV_COLUMN_DUPLICATE = "csv-column-duplicate";
    public static final String TABLE_NAME_INVALID = "table-name-invalid";
    public static final String TABLE_NAME_COLLISION = "table-name-collision";
    public static final String DEFINITION_FILE_MISSING = "definition-file-missing";
    public static final String DEFINITION_TOO_LARGE = "definition-too-large";
    public static final String PART_PAYLOAD_NOT_BASE64 = "part-payload-not-base64";
    public static final String DUPLICATE_PART = "duplicate-part";
    public static final String FIELD_REQUIRED = "required";
    public static final String FIELD_PATTERN = "pattern";
    public static final String FIELD_VALUE = "value";

    private Rules() {
    }
}
