package io.weft.contracts.principals;

import io.weft.contracts.Guids;
import io.weft.contracts.command.ProvisionWorkspace.PrincipalEntry;
import io.weft.contracts.command.ProvisionWorkspace.PrincipalsFileContent;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one reader of principals, for the gateway (before it accepts a request) and the provisioner (before it
 * changes anything, since upstream systems may publish commands directly). It reads a principals file
 * ({@code principal_id,role,description,type}, {@code #} comments and blank lines allowed, roles and types in
 * any case) and an inline list, and reports every problem at once with its line: ids that are not GUIDs,
 * unknown roles or types, one principal given two different roles, an empty file, more rows than allowed.
 * The same principal with the same role twice counts once. Thread-safe.
 */
public final class PrincipalsParser {

    /** The columns of a principals file. */
    public static final List<String> COLUMNS = List.of("principal_id", "role", "description", "type");

    /** The source name of the inline list in problems. */
    public static final String INLINE = "principals";


    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setCommentMarker('#')
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .setTrim(true)
            .get();

    private final int maxRows;

    /** @param maxRows the most principals one request may carry (inline and file together) */
    public PrincipalsParser(int maxRows) {
        this.maxRows = maxRows;
    }

    /**
     * The role assignments of an inline list and a file, either may be null.
     *
     * @throws InvalidPrincipalsException with every problem found
     */
    public List<RoleAssignment> parse(List<PrincipalEntry> inline, PrincipalsFileContent file) {
        List<PrincipalProblem> problems = new ArrayList<>();
        Map<String, Located> byId = new LinkedHashMap<>();
        int rows = 0;
        if (inline != null) {
            for (int i = 0; i < inline.size(); i++) {
                PrincipalEntry e = inline.get(i);
                rows++;
                check(INLINE, i + 1, e.principalId(), e.role(), e.type(), e.description(), byId, problems);
            }
        }
        if (file != null) {
            rows += readFile(file, byId, problems);
        }
        if (rows > maxRows) {
            problems.add(new PrincipalProblem(file != null ? name(file) : INLINE, 0,
                    rows + " principals, more than the maximum of " + maxRows));
        }
        if (!problems.isEmpty()) {
            throw new InvalidPrincipalsException(problems);
        }
        return byId.values().stream().map(Located::assignment).toList();
    }

    /** Reads the file's rows into {@code byId}; returns how many data rows it had. */
    private int readFile(PrincipalsFileContent file, Map<String, Located> byId, List<PrincipalProblem> problems) {
        String source = name(file);
        String content = file.content() == null ? "" : stripBom(file.content());
        int rows = 0;
        try (CSVParser parser = CSVParser.parse(new StringReader(content), FORMAT)) {
            Map<String, Integer> columns = null;
            for (CSVRecord record : parser) {
                int line = lineOf(content, record.getCharacterPosition());
                if (columns == null) {
                    columns = header(source, line, record, problems);
                    if (columns == null) {
                        return 0;
                    }
                    continue;
                }
                rows++;
                if (record.size() != columns.size()) {
                    problems.add(new PrincipalProblem(source, line, "expected " + columns.size() + " fields ("
                            + String.join(",", COLUMNS) + "), found " + record.size()));
                    continue;
                }
                check(source, line, record.get(columns.get("principal_id")), record.get(columns.get("role")),
                        record.get(columns.get("type")), record.get(columns.get("description")), byId, problems);
            }
            if (columns == null) {
                problems.add(new PrincipalProblem(source, 0, "the file is empty: expected the header "
                        + String.join(",", COLUMNS) + " and at least one principal"));
            } else if (rows == 0) {
                problems.add(new PrincipalProblem(source, 0, "the file has a header but no principals"));
            }
        } catch (IOException | UncheckedIOException e) {
            // commons-csv reports malformed quoting this way, with its own line number in the message.
            problems.add(new PrincipalProblem(source, 0, "not readable as CSV: " + e.getMessage()));
        }
        return rows;
    }

    /** The header's column positions, or null (with a problem) when it is not the expected header. */
    private static Map<String, Integer> header(String source, int line, CSVRecord record, List<PrincipalProblem> problems) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < record.size(); i++) {
            String name = record.get(i).toLowerCase(Locale.ROOT);
            if (COLUMNS.contains(name) && !columns.containsKey(name)) {
                columns.put(name, i);
            } else {
                unknown.add(record.get(i));
            }
        }
        if (!unknown.isEmpty() || columns.size() != COLUMNS.size()) {
            List<String> missing = COLUMNS.stream().filter(c -> !columns.containsKey(c)).toList();
            problems.add(new PrincipalProblem(source, line, "the header must be " + String.join(",", COLUMNS)
                    + (missing.isEmpty() ? "" : "; missing " + String.join(", ", missing))
                    + (unknown.isEmpty() ? "" : "; unexpected " + String.join(", ", unknown))));
            return null;
        }
        return columns;
    }

    private static void check(String source, int line, String id, String roleText, String typeText, String description,
            Map<String, Located> byId, List<PrincipalProblem> problems) {
        int before = problems.size();
        String trimmedId = id == null ? "" : id.trim();
        if (!Guids.isGuid(trimmedId)) {
            problems.add(new PrincipalProblem(source, line, "principal_id '" + trimmedId + "' is not a GUID"));
        }
        var role = roleText == null ? java.util.Optional.<WorkspaceRole>empty() : WorkspaceRole.parse(roleText);
        if (role.isEmpty()) {
            problems.add(new PrincipalProblem(source, line, "role '" + (roleText == null ? "" : roleText.trim())
                    + "' is not one of " + Set.of(WorkspaceRole.values()).stream().map(Enum::name).sorted().toList()));
        }
        var type = typeText == null ? java.util.Optional.<PrincipalType>empty() : PrincipalType.parse(typeText);
        if (type.isEmpty()) {
            problems.add(new PrincipalProblem(source, line, "type '" + (typeText == null ? "" : typeText.trim())
                    + "' is not one of " + Set.of(PrincipalType.values()).stream().map(Enum::name).sorted().toList()));
        }
        if (problems.size() > before) {
            return;
        }
        String key = trimmedId.toLowerCase(Locale.ROOT);
        RoleAssignment assignment = new RoleAssignment(key, type.get(), role.get(),
                description == null || description.isBlank() ? null : description.trim());
        Located earlier = byId.get(key);
        if (earlier == null) {
            byId.put(key, new Located(source, line, assignment));
        } else if (earlier.assignment.role() != assignment.role()) {
            problems.add(new PrincipalProblem(source, line, "principal " + key + " is given the role " + assignment.role()
                    + " here and " + earlier.assignment.role() + " at " + earlier.source + " line " + earlier.line));
        } else if (earlier.assignment.type() != assignment.type()) {
            problems.add(new PrincipalProblem(source, line, "principal " + key + " is a " + assignment.type()
                    + " here and a " + earlier.assignment.type() + " at " + earlier.source + " line " + earlier.line));
        }
    }

    private static String name(PrincipalsFileContent file) {
        return file.fileName() == null || file.fileName().isBlank() ? "principals file" : file.fileName();
    }

    private static String stripBom(String content) {
        return content.startsWith("\uFEFF") ? content.substring(1) : content;
    }

    /**
     * The 1-based line a record starts on. commons-csv gives the record's character position, which for a record
     * after comments or blank lines is where those begin; they are skipped here.
     */
    private static int lineOf(String content, long position) {
        int line = 1;
        int i = 0;
        for (; i < position && i < content.length(); i++) {
            if (content.charAt(i) == '\n') {
                line++;
            }
        }
        while (i < content.length()) {
            int end = content.indexOf('\n', i);
            String text = (end < 0 ? content.substring(i) : content.substring(i, end)).trim();
            if (!text.isEmpty() && !text.startsWith("#") || end < 0) {
                break;
            }
            i = end + 1;
            line++;
        }
        return line;
    }

    private record Located(String source, int line, RoleAssignment assignment) {
    }
}
