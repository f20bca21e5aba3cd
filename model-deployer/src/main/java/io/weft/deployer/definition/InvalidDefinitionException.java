package io.weft.deployer.definition;

import java.util.List;

/**
 * A definition that Fabric would refuse, or that is not what the command says it is. Carries every reason
 * found, not only the first, so that one fix-and-retry round is enough.
 */
public class InvalidDefinitionException extends RuntimeException {

    private final List<String> reasons;

    public InvalidDefinitionException(List<String> reasons) {
        super("invalid semantic model definition: " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public InvalidDefinitionException(String reason) {
        this(List.of(reason));
    }

    /** Each problem found, in words a model author can act on. */
    public List<String> reasons() {
        return reasons;
    }
}
