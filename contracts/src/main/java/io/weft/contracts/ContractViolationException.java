package io.weft.contracts;

import java.util.List;

/**
 * A message that does not match its contract: unknown type or version, invalid JSON, or fields that break
 * the schema. Never retriable: the same bytes will fail the same way.
 */
public class ContractViolationException extends RuntimeException {

    private final String ceType;
    private final List<String> violations;

    public ContractViolationException(String ceType, List<String> violations) {
        super("invalid " + (ceType == null ? "message without a CloudEvent type" : "'" + ceType + "'") + ": "
                + String.join("; ", violations));
        this.ceType = ceType;
        this.violations = List.copyOf(violations);
    }

    /** The CloudEvent type the message claimed, possibly null or unknown. */
    public String ceType() {
        return ceType;
    }

    /** Each problem found, naming the field concerned. */
    public List<String> violations() {
        return violations;
    }
}
