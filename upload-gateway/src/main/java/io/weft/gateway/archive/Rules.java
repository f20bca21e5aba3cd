package io.weft.gateway.archive;

/** The identifiers of the validation rules, as they appear in problem+json {@code errors[].rule}. */
public final class Rules {

    public static final String ARCHIVE_FORMAT = "archive-format";
    public static final String ENTRY_TYPE = "entry-type";
    public static final String ABSOLUTE_PATH = "absolute-path";
    public static final String PARENT_TRAVERSAL = "parent-traversal";
    public static final String ENTRY_COUNT = "entry-count";
    public static final String ENTRY_SIZE = "entry-size";
    public static final String TOTAL_SIZE = "total-size";
    public static final String COMPRESSION_RATIO = "compression-ratio";
    public static final String ENTITIES_MISSING = "entities-missing";
    public static final String CSV_HEADER_MISSING = "csv-header-missing";
    public static final String CSV_HEADER_TOO_LONG = "csv-header-too-long";
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
