package io.weft.contracts;

import java.util.regex.Pattern;

/** The GUID form the contracts' schemas require of ids (Entra object ids, Fabric item ids). */
public final class Guids {

    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private Guids() {
    }

    public static boolean isGuid(String value) {
        return value != null && GUID.matcher(value).matches();
    }
}
