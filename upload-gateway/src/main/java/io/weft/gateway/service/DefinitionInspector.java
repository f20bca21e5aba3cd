package io.weft.gateway.service;

import io.weft.contracts.command.DefinitionFormat;
import io.weft.contracts.command.DefinitionPart;
import io.weft.archive.ArchiveFileVisitor;
import io.weft.archive.ArchiveFormat;
import io.weft.archive.ArchiveWalk;
import io.weft.archive.ArchiveWalker;
import io.weft.archive.EntryNames;
import io.weft.gateway.archive.Problem;
import io.weft.gateway.archive.Rules;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks a semantic model definition, from an archive of the model folder or from inline parts, for the
 * files its format requires:
 * <ul>
 * <li>TMDL: {@code definition.pbism}, {@code definition/database.tmdl}, {@code definition/model.tmdl} and at
 * least one {@code definition/tables/*.tmdl};</li>
 * <li>TMSL: {@code definition.pbism} and {@code model.bim}.</li>
 * </ul>
 * Paths are relative to the model folder: the archive's root, or its single top-level folder.
 */
public final class DefinitionInspector {

    static final String PBISM = "definition.pbism";
    static final String MODEL_BIM = "model.bim";

    private final ArchiveWalker walker;
    private final int inlineMaxBytes;

    public DefinitionInspector(ArchiveWalker walker, int inlineMaxBytes) {
        this.walker = walker;
        this.inlineMaxBytes = inlineMaxBytes;
    }

    /**
     * The outcome.
     *
     * @param format     the format asked for, or recognised ({@code model.bim} means TMSL)
     * @param files      the definition's files, relative to the model folder
     * @param totalBytes their total size
     * @param parts      the files as inline parts when they fit the inline limit, else {@code null}
     * @param problems   what is wrong; the rest is meaningful only when this is empty
     */
    public record Inspection(DefinitionFormat format, List<String> files, long totalBytes, List<DefinitionPart> parts,
            List<Problem> problems) {
    }

    public Inspection inspectArchive(Path archive, ArchiveFormat archiveFormat, DefinitionFormat requested) {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        long[] buffered = {0};
        ArchiveFileVisitor keepSmall = (String path, InputStream content) -> {
            if (buffered[0] <= inlineMaxBytes) {
                byte[] bytes = content.readNBytes((int) (inlineMaxBytes - buffered[0]) + 1);
                buffered[0] += bytes.length;
                contents.put(path, bytes);
            }
        };
        ArchiveWalk scan = ScenarioInspector.walk(walker, archive, archiveFormat, keepSmall);
        List<Problem> problems = new ArrayList<>(scan.problems().stream().map(Problem::of).toList());
        if (scan.endedEarly()) {
            return new Inspection(requested, List.of(), 0, null, problems);
        }
        String root = modelRoot(scan.files().keySet());
        Map<String, Long> files = new LinkedHashMap<>();
        scan.files().forEach((path, size) -> {
            if (path.startsWith(root)) {
                files.put(path.substring(root.length()), size);
            }
        });
        DefinitionFormat format = requested != null ? requested
                : files.containsKey(MODEL_BIM) ? DefinitionFormat.TMSL : DefinitionFormat.TMDL;
        problems.addAll(missingFiles(format, files.keySet(), root));
        long total = files.values().stream().mapToLong(Long::longValue).sum();
        List<DefinitionPart> parts = null;
        if (total <= inlineMaxBytes) {
            parts = files.keySet().stream()
                    .map(path -> new DefinitionPart(path, Base64.getEncoder().encodeToString(contents.get(root + path))))
                    .toList();
        }
        return new Inspection(format, List.copyOf(files.keySet()), total, parts, problems);
    }

    /** Inline parts, as JSON requests bring them: same path rules as archive entries, base64 payloads. */
    public Inspection inspectParts(List<DefinitionPart> parts, DefinitionFormat requested) {
        List<Problem> problems = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        List<String> files = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            DefinitionPart part = parts.get(i);
            String where = "parts[" + i + "]";
            if (part == null || part.path() == null || part.path().isBlank()) {
                problems.add(Problem.ofField(where + ".path", Rules.FIELD_REQUIRED, "every part needs a path"));
                continue;
            }
            String path = EntryNames.normalise(part.path());
            var pathProblem = EntryNames.problem(path);
            if (pathProblem.isPresent()) {
                problems.add(Problem.of(pathProblem.get()));
                continue;
            }
            if (!paths.add(path)) {
                problems.add(Problem.ofEntry(path, Rules.DUPLICATE_PART, "the path appears in more than one part"));
                continue;
            }
            try {
                total += Base64.getDecoder().decode(part.payload() == null ? "" : part.payload()).length;
            } catch (IllegalArgumentException e) {
                problems.add(Problem.ofEntry(path, Rules.PART_PAYLOAD_NOT_BASE64, "the payload is not valid base64: "
                        + e.getMessage()));
            }
            files.add(path);
        }
        DefinitionFormat format = requested != null ? requested
                : paths.contains(MODEL_BIM) ? DefinitionFormat.TMSL : DefinitionFormat.TMDL;
        problems.addAll(missingFiles(format, paths, ""));
        if (total > inlineMaxBytes) {
            problems.add(Problem.ofField("parts", Rules.DEFINITION_TOO_LARGE, "the parts decode to " + total
                    + " bytes, more than the " + inlineMaxBytes + " a JSON request may carry; send the model folder"
                    + " as a multipart archive instead"));
        }
        List<DefinitionPart> normalised = parts.stream()
                .filter(part -> part != null && part.path() != null)
                .map(part -> new DefinitionPart(EntryNames.normalise(part.path()), part.payload())).toList();
        return new Inspection(format, files, total, normalised, problems);
    }

    /** {@code ""} when the definition files are at the root, else the single top-level folder holding them. */
    static String modelRoot(Set<String> paths) {
        if (paths.contains(PBISM) || paths.contains(MODEL_BIM) || paths.stream().anyMatch(p -> p.startsWith("definition/"))) {
            return "";
        }
        TreeSet<String> tops = paths.stream().filter(path -> path.contains("/"))
                .map(path -> path.substring(0, path.indexOf('/') + 1)).collect(Collectors.toCollection(TreeSet::new));
        return tops.size() == 1 && paths.stream().allMatch(path -> path.contains("/")) ? tops.first() : "";
    }

    private static List<Problem> missingFiles(DefinitionFormat format, Set<String> files, String root) {
        List<String> required = format == DefinitionFormat.TMSL
                ? List.of(PBISM, MODEL_BIM)
                : List.of(PBISM, "definition/database.tmdl", "definition/model.tmdl");
        List<Problem> problems = new ArrayList<>();
        for (String file : required) {
            if (!files.contains(file)) {
                problems.add(Problem.ofEntry(root + file, Rules.DEFINITION_FILE_MISSING,
                        "a " + format + " definition needs " + file));
            }
        }
        if (format == DefinitionFormat.TMDL && files.stream()
                .noneMatch(file -> file.startsWith("definition/tables/") && file.endsWith(".tmdl")
                        && file.indexOf('/', "definition/tables/".length()) < 0)) {
            problems.add(Problem.ofEntry(root + "definition/tables/*.tmdl", Rules.DEFINITION_FILE_MISSING,
                    "a TMDL definition needs at least one table in definition/tables/"));
        }
        return problems;
    }
}
