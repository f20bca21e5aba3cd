package io.weft.provisioner.ontology;

/** The value types an ontology property may have, with the names Fabric's entity-type schema uses. */
public enum ValueType {
    STRING("String"),
    BIG_INT("BigInt"),
    DOUBLE("Double"),
    BOOLEAN("Boolean"),
    DATE_TIME("DateTime");

    private final String fabricName;

    ValueType(String fabricName) {
        this.fabricName = fabricName;
    }

    /** The name in an entity type's {@code valueType}. */
    public String fabricName() {
        return fabricName;
    }

    /** Whether an entity key (an {@code entityIdParts} property) may have this type: Fabric allows String and BigInt. */
    public boolean allowedForKey() {
        return this == STRING || this == BIG_INT;
    }
}
