package io.weft.contracts.principals;

import java.util.Arrays;
import java.util.Optional;

/** A Fabric workspace role, spelled as Fabric spells it. */
public enum WorkspaceRole {
    Admin, Member, Contributor, Viewer;

    /** The role named {@code text}, whatever its case. */
    public static Optional<WorkspaceRole> parse(String text) {
        return Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(text.trim())).findFirst();
    }
}
