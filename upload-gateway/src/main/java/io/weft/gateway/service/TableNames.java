package io.weft.gateway.service;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The table-name rule: a table is named after its CSV file's name without the {@code .csv} extension,
 * lower-cased, with every character outside {@code [A-Za-z0-9_]} replaced by {@code _}; the result must be a
 * valid Fabric table name. {@code entities/Order Items.csv} becomes {@code order_items}.
 */
public final class TableNames {

    /** Fabric's rule for lakehouse table names. */
    public static final Pattern FABRIC_TABLE_NAME = Pattern.compile("^(?=[0-9]*[a-zA-Z_])[a-zA-Z0-9_]{1,256}$");

    private static final Pattern NOT_ALLOWED = Pattern.compile("[^A-Za-z0-9_]");

    private TableNames() {
    }

    /** The table name derived from a file name (the last path segment, with its extension). */
    public static String derive(String fileName) {
        String stem = fileName.substring(0, fileName.length() - ".csv".length());
        return NOT_ALLOWED.matcher(stem.toLowerCase(Locale.ROOT)).replaceAll("_");
    }

    public static boolean isValid(String table) {
        return FABRIC_TABLE_NAME.matcher(table).matches();
    }
}
