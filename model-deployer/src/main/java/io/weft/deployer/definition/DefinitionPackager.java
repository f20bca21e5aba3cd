package io.weft.deployer.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.contracts.command.DefinitionFormat;
import io.weft.contracts.command.DefinitionPart;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates the files of a semantic model folder against Fabric's definition layout and packages them as
 * definition parts. Pure: no I/O, no clock, the same files always give the same parts or the same reasons.
 *
 * <p>TMDL: {@code definition.pbism}, {@code definition/database.tmdl}, {@code definition/model.tmdl}, at least
 * one {@code definition/tables/*.tmdl}, optionally other {@code definition/**}{@code .tmdl} files
 * (relationships, expressions, cultures, roles, perspectives...), {@code diagramLayout.json} and
 * {@code .platform}. TMSL: {@code model.bim} and {@code definition.pbism}, optionally {@code diagramLayout.json}
 * and {@code .platform}. The two are mutually exclusive. The checks are those that catch real mistakes early
 * (missing files, wrong format, broken JSON, a file that does not declare what its location says); the full
 * TMDL grammar stays Fabric's to check, and its parse failures come back as a failed operation.
 */
public final class DefinitionPackager {

    public static final String PBISM = "definition.pbism";
    public static final String PLATFORM = ".platform";
    public static final String MODEL_BIM = "model.bim";
    public static final String DIAGRAM_LAYOUT = "diagramLayout.json";
    static final String TMDL_FOLDER = "definition/";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TMDL_ROOT_FILES = Set.of(PBISM, PLATFORM, DIAGRAM_LAYOUT);
    private static final Set<String> TMSL_ROOT_FILES = Set.of(PBISM, PLATFORM, DIAGRAM_LAYOUT, MODEL_BIM);
    /** The object a TMDL file must declare first, by location; files elsewhere under definition/ are not checked. */
    private static final Map<String, String> DECLARATIONS = Map.of(
            "definition/database.tmdl", "database",
            "definition/model.tmdl", "model",
            "definition/relationships.tmdl", "relationship",
            "definition/expressions.tmdl", "expression",
            "definition/tables/", "table",
            "definition/cultures/", "cultureInfo",
            "definition/roles/", "role",
            "definition/perspectives/", "perspective");
    private static final Pattern TABLE_FILE = Pattern.compile("^definition/tables/[^/]+\\.tmdl$");

    private final PackagingLimits limits;

    public DefinitionPackager(PackagingLimits limits) {
        this.limits = limits;
    }

    /**
     * Validates and packages the files of a model folder.
     *
     * @param declared the format the command declares; the files must match it
     * @throws InvalidDefinitionException with every problem found
     */
    public PackagedDefinition pack(DefinitionFormat declared, List<DefinitionFile> input) {
        List<String> reasons = new ArrayList<>();
        List<DefinitionFile> files = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        long total = 0;
        for (DefinitionFile file : input) {
            Optional<String> pathProblem = DefinitionPaths.problem(file.path());
            if (pathProblem.isPresent()) {
                reasons.add(pathProblem.get());
                continue;
            }
            if (DefinitionPaths.isLocalOnly(file.path())) {
                continue;
            }
            String previous = seen.putIfAbsent(file.path().toLowerCase(Locale.ROOT), file.path());
            if (previous != null) {
                reasons.add("part '" + file.path() + "' appears twice (paths are compared ignoring case, as Fabric does)");
                continue;
            }
            total += file.content().length;
            files.add(file);
        }
        if (files.size() > limits.maxParts()) {
            reasons.add("the definition has " + files.size() + " parts, more than the limit of " + limits.maxParts());
        }
        if (total > limits.maxTotalBytes()) {
            reasons.add("the definition has " + total + " bytes, more than the limit of " + limits.maxTotalBytes());
        }
        Map<String, DefinitionFile> byPath = new HashMap<>();
        files.forEach(f -> byPath.put(f.path(), f));

        DefinitionFormat found = formatOf(byPath, declared, reasons);
        int tables = 0;
        if (!byPath.containsKey(PBISM)) {
            reasons.add("'" + PBISM + "' is missing; every semantic model definition needs it (e.g. {\"version\":\"4.0\",\"settings\":{}})");
        } else {
            checkPbism(byPath.get(PBISM), reasons);
        }
        if (byPath.containsKey(PLATFORM)) {
            checkPlatform(byPath.get(PLATFORM), reasons);
        }
        if (byPath.containsKey(DIAGRAM_LAYOUT)) {
            json(byPath.get(DIAGRAM_LAYOUT), reasons);
        }
        if (found == DefinitionFormat.TMDL) {
            tables = checkTmdl(files, byPath, reasons);
        } else if (found == DefinitionFormat.TMSL) {
            tables = checkTmsl(files, byPath, reasons);
        }
        if (!reasons.isEmpty()) {
            throw new InvalidDefinitionException(reasons);
        }
        List<DefinitionPart> parts = files.stream()
                .sorted(Comparator.comparing((DefinitionFile f) -> !f.path().equals(PBISM)).thenComparing(DefinitionFile::path))
                .map(f -> new DefinitionPart(f.path(), Base64.getEncoder().encodeToString(f.content())))
                .toList();
        return new PackagedDefinition(found, parts, tables, total);
    }

    /** The format the files are in, checked against the declared one; null when undecidable (reasons added). */
    private static DefinitionFormat formatOf(Map<String, DefinitionFile> byPath, DefinitionFormat declared,
            List<String> reasons) {
        boolean tmsl = byPath.containsKey(MODEL_BIM);
        boolean tmdl = byPath.keySet().stream().anyMatch(p -> p.startsWith(TMDL_FOLDER));
        if (tmsl && tmdl) {
            reasons.add("the definition holds both TMSL ('" + MODEL_BIM + "') and TMDL ('" + TMDL_FOLDER
                    + "...') files; they are mutually exclusive, keep one");
            return null;
        }
        if (!tmsl && !tmdl) {
            reasons.add("the definition has neither '" + MODEL_BIM + "' (TMSL) nor '" + TMDL_FOLDER
                    + "*.tmdl' files (TMDL)");
            return null;
        }
        DefinitionFormat found = tmsl ? DefinitionFormat.TMSL : DefinitionFormat.TMDL;
        if (declared != null && declared != found) {
            reasons.add("the command declares format " + declared + " but the files are " + found
                    + (found == DefinitionFormat.TMSL ? " ('" + MODEL_BIM + "')" : " ('" + TMDL_FOLDER + "*.tmdl')")
                    + "; set definition.format to " + found);
            return null;
        }
        return found;
    }

    private int checkTmdl(List<DefinitionFile> files, Map<String, DefinitionFile> byPath, List<String> reasons) {
        for (String required : List.of("definition/database.tmdl", "definition/model.tmdl")) {
            if (!byPath.containsKey(required)) {
                reasons.add("'" + required + "' is missing; a TMDL definition needs it");
            }
        }
        int tables = 0;
        for (DefinitionFile file : files) {
            String path = file.path();
            if (!path.startsWith(TMDL_FOLDER)) {
                if (!TMDL_ROOT_FILES.contains(path)) {
                    reasons.add("part '" + path + "' is not part of a TMDL semantic model; expected only "
                            + "definition.pbism, .platform, diagramLayout.json and definition/**.tmdl");
                }
                continue;
            }
            if (!path.endsWith(".tmdl")) {
                reasons.add("part '" + path + "' is under definition/ but is not a .tmdl file");
                continue;
            }
            if (TABLE_FILE.matcher(path).matches()) {
                tables++;
            }
            Optional<String> text = utf8(file, reasons);
            if (text.isEmpty()) {
                continue;
            }
            expectedDeclaration(path).ifPresent(keyword -> {
                String first = firstDeclaration(text.get());
                if (first == null || !(first.equals(keyword) || first.startsWith(keyword + " ") || first.startsWith(keyword + "\t"))) {
                    reasons.add("'" + path + "' should declare a " + keyword + " first, but "
                            + (first == null ? "it is empty" : "it starts with '" + abbreviate(first) + "'"));
                }
            });
        }
        if (tables == 0) {
            reasons.add("a TMDL definition needs at least one table in 'definition/tables/<Table>.tmdl'");
        }
        return tables;
    }

    private int checkTmsl(List<DefinitionFile> files, Map<String, DefinitionFile> byPath, List<String> reasons) {
        for (DefinitionFile file : files) {
            if (!TMSL_ROOT_FILES.contains(file.path())) {
                reasons.add("part '" + file.path() + "' is not part of a TMSL semantic model; expected only "
                        + "model.bim, definition.pbism, .platform and diagramLayout.json");
            }
        }
        Optional<JsonNode> bim = json(byPath.get(MODEL_BIM), reasons);
        if (bim.isEmpty()) {
            return 0;
        }
        JsonNode model = bim.get().path("model");
        if (!model.isObject()) {
            reasons.add("'" + MODEL_BIM + "' has no \"model\" object; it should be a TMSL database "
                    + "({\"compatibilityLevel\":1550,\"model\":{...}})");
            return 0;
        }
        JsonNode tables = model.path("tables");
        if (!tables.isArray() || tables.isEmpty()) {
            reasons.add("'" + MODEL_BIM + "' defines no tables (model.tables is missing or empty)");
            return 0;
        }
        return tables.size();
    }

    private static void checkPbism(DefinitionFile pbism, List<String> reasons) {
        json(pbism, reasons).ifPresent(node -> {
            if (!node.isObject() || !node.path("version").isTextual()) {
                reasons.add("'" + PBISM + "' should be a JSON object with a \"version\" string, e.g. {\"version\":\"4.0\",\"settings\":{}}");
            }
        });
    }

    private static void checkPlatform(DefinitionFile platform, List<String> reasons) {
        json(platform, reasons).ifPresent(node -> {
            JsonNode type = node.path("metadata").path("type");
            if (!type.isMissingNode() && !"SemanticModel".equals(type.asText())) {
                reasons.add("'" + PLATFORM + "' describes an item of type '" + type.asText() + "', not a SemanticModel");
            }
        });
    }

    private static Optional<JsonNode> json(DefinitionFile file, List<String> reasons) {
        Optional<String> text = utf8(file, reasons);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(text.get());
            if (node == null || node.isMissingNode()) {
                reasons.add("'" + file.path() + "' is empty; it should hold JSON");
                return Optional.empty();
            }
            return Optional.of(node);
        } catch (IOException e) {
            reasons.add("'" + file.path() + "' is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            return Optional.empty();
        }
    }

    private static Optional<String> utf8(DefinitionFile file, List<String> reasons) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file.content())).toString();
            return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            reasons.add("'" + file.path() + "' is not UTF-8 text");
            return Optional.empty();
        }
    }

    private static Optional<String> expectedDeclaration(String path) {
        String exact = DECLARATIONS.get(path);
        if (exact != null) {
            return Optional.of(exact);
        }
        int slash = path.lastIndexOf('/');
        String folder = path.substring(0, slash + 1);
        return Optional.ofNullable(DECLARATIONS.get(folder));
    }

    /** The first line that is not blank, a comment or a description ({@code ///}), trimmed. */
    static String firstDeclaration(String tmdl) {
        return tmdl.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("//"))
                .findFirst().orElse(null);
    }

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "…" : line;
    }
}
