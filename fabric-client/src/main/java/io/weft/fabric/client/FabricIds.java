package io.weft.fabric.client;

import java.util.regex.Pattern;

/** Fabric's ids are GUIDs: what tells a reference by id from one by display name. */
public final class FabricIds {

    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private FabricIds() {
    }

    /** Whether {@code idOrName} is a GUID (any case), so an id rather than a display name. */
    public static boolean isGuid(String idOrName) {
        return idOrName != null && GUID.matcher(idOrName).matches();
    }
}
