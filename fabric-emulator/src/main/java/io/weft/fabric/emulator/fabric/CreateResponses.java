package io.weft.fabric.emulator.fabric;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether a create of an item type answers 201 (the item at once) or 202 (an operation), as recorded Fabric traffic
 * shows it per type. A per-type override beats the global {@code longRunningOperations} switch, which beats this table.
 */
public final class CreateResponses {

    /** Types Fabric creates at once (201 with the item, its ETag, no Location). */
    static final Set<String> IMMEDIATE = Set.of("lakehouse", "datapipeline", "kqlqueryset", "dataflow", "mirroreddatabase");

    /** Types Fabric creates as an operation (202, body {@code null}); any type not in {@link #IMMEDIATE} is one too. */
    static final Set<String> LONG_RUNNING = Set.of("semanticmodel", "ontology", "notebook", "warehouse", "environment",
            "report", "sparkjobdefinition");

    private CreateResponses() {
    }

    /**
     * true when a create of {@code type} answers 202. {@code overrides}: lower-case type → 201 or 202;
     * {@code global}: null for the per-type table, else true (every create 202) or false (every create 201).
     */
    static boolean longRunning(String type, Map<String, Integer> overrides, Boolean global) {
        String key = type.toLowerCase(Locale.ROOT);
        Integer override = overrides.get(key);
        if (override != null) {
            return override == 202;
        }
        if (global != null) {
            return global;
        }
        return !IMMEDIATE.contains(key);
    }

    /** Checks an override's status: 201 or 202 only. */
    public static int checkStatus(String type, int status) {
        if (status != 201 && status != 202) {
            throw new IllegalArgumentException("A create of " + type + " answers 201 or 202, not " + status);
        }
        return status;
    }
}
