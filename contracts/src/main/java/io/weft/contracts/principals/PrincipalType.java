package io.weft.contracts.principals;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of principal a workspace role can be given to, spelled as Fabric spells them. */
public enum PrincipalType {
    User, Group, ServicePrincipal, ServicePrincipalProfile;

    /** The type named {@code text}, whatever its case. */
    public static Optional<PrincipalType> parse(String text) {
        return Arrays.stream(values()).filter(t -> t.name().equalsIgnoreCase(text.trim())).findFirst();
    }
}
