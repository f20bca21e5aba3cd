package io.weft.fabric.client.item;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Optional;

/** An item definition: an optional format (e.g. {@code TMDL}) and its parts. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemDefinition(String format, List<DefinitionPart> parts) {

    public ItemDefinition {
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    public static ItemDefinition of(String format, DefinitionPart... parts) {
        return new ItemDefinition(format, List.of(parts));
    }

    public Optional<DefinitionPart> part(String path) {
        return parts.stream().filter(p -> p.path().equals(path)).findFirst();
    }

    /**
     * The paths whose content differs from {@code other}'s, by SHA-256 of the decoded content (so two base64
     * spellings of the same bytes are equal), in path order: parts only one side has are included.
     *
     * @param ignored paths left out of the comparison (e.g. {@code .platform}, which carries per-deployment metadata)
     */
    public List<String> differingParts(ItemDefinition other, java.util.Set<String> ignored) {
        java.util.Map<String, String> mine = digests(this, ignored);
        java.util.Map<String, String> theirs = digests(other, ignored);
        java.util.SortedSet<String> paths = new java.util.TreeSet<>(mine.keySet());
        paths.addAll(theirs.keySet());
        return paths.stream().filter(path -> !java.util.Objects.equals(mine.get(path), theirs.get(path))).toList();
    }

    private static java.util.Map<String, String> digests(ItemDefinition definition, java.util.Set<String> ignored) {
        java.util.Map<String, String> digests = new java.util.HashMap<>();
        for (DefinitionPart part : definition.parts()) {
            if (!ignored.contains(part.path())) {
                digests.put(part.path(), sha256(part.content()));
            }
        }
        return digests;
    }

    private static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
