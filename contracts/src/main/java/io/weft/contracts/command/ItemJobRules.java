package io.weft.contracts.command;


import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What Fabric accepts in an item-job run beyond the schema, checked by the gateway (422) and again by the worker
 * before any call (a command from elsewhere): the job type of the item type, the item reference, and each
 * parameter's name and value against its declared type. Every problem is found at once.
 */
public final class ItemJobRules {

    /** One problem: the field concerned ({@code jobType}, {@code parameters[2]}, ...) and what is wrong. */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    /** Item type → its default job type (Fabric's generic job type) and the job types it accepts (lower case). */
    public static final Map<String, List<String>> JOB_TYPES = Map.of(
            "DataPipeline", List.of("Pipeline", "execute"),
            "Notebook", List.of("RunNotebook", "execute"),
            "SparkJobDefinition", List.of("sparkjob"));

    private ItemJobRules() {
    }

    /** The job type to run: the command's, or the item type's default. */
    public static String jobType(RunItemJob command) {
        return Optional.ofNullable(command.jobType()).filter(t -> !t.isBlank())
                .orElseGet(() -> JOB_TYPES.getOrDefault(command.itemType(), List.of("DefaultJob")).get(0));
    }

    /** Every problem of the command; empty when Fabric can be asked. */
    public static List<Problem> problems(RunItemJob command) {
        List<Problem> problems = new ArrayList<>();
        List<String> accepted = JOB_TYPES.get(command.itemType());
        if (accepted == null) {
            problems.add(new Problem("itemType", "'" + command.itemType() + "' cannot be run; runnable types are "
                    + new java.util.TreeSet<>(JOB_TYPES.keySet())));
            return problems;
        }
        String jobType = jobType(command);
        if (accepted.stream().noneMatch(t -> t.equalsIgnoreCase(jobType))) {
            problems.add(new Problem("jobType", "'" + jobType + "' is not a job of a " + command.itemType() + " (" + accepted.get(0)
                    + (accepted.size() > 1 ? " or " + String.join(", ", accepted.subList(1, accepted.size())) : "") + ")"));
        }
        if (command.itemId() == null && (command.itemName() == null || command.itemName().isBlank())) {
            problems.add(new Problem("itemName", "the item needs an itemId or an itemName"));
        }
        if (command.itemId() != null && !isGuid(command.itemId())) {
            problems.add(new Problem("itemId", "'" + command.itemId() + "' is not a GUID"));
        }
        if ("SparkJobDefinition".equals(command.itemType()) && !command.parameters().isEmpty()) {
            problems.add(new Problem("parameters", "a SparkJobDefinition takes no parameters (Fabric answers FeatureNotAvailable);"
                    + " pass arguments in its definition"));
            return problems;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < command.parameters().size(); i++) {
            ItemJobParameter p = command.parameters().get(i);
            String field = "parameters[" + i + "]";
            String where = p.name() == null ? "" : "'" + p.name() + "': ";
            if (p.name() == null || p.name().isBlank() || p.name().length() > 256) {
                problems.add(new Problem(field, where + "the name must have 1 to 256 characters"));
            } else if (!names.add(p.name().toLowerCase(Locale.ROOT))) {
                problems.add(new Problem(field, where + "the name is used twice (names are compared case-insensitively)"));
            }
            valueProblem(p).ifPresent(problem -> problems.add(new Problem(field, where + problem)));
        }
        return problems;
    }

    private static Optional<String> valueProblem(ItemJobParameter p) {
        Object v = p.value();
        if (p.type() == null) {
            return Optional.of("the type is missing");
        }
        if (v == null) {
            return Optional.of("the value is missing");
        }
        if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
            return Optional.of("the value must be a string, a number or a boolean");
        }
        boolean ok = switch (p.type()) {
            case "Text", "VariableReference" -> v instanceof String s && !(p.type().equals("VariableReference") && s.isBlank());
            case "Integer" -> v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger;
            case "Number" -> v instanceof Number;
            case "Boolean" -> v instanceof Boolean;
            case "DateTime" -> v instanceof String s && isDateTime(s);
            case "Guid" -> v instanceof String s && isGuid(s);
            case "Automatic" -> true;
            default -> false;
        };
        if (ok) {
            return Optional.empty();
        }
        return Optional.of(switch (p.type()) {
            case "Text" -> "a Text value must be a string";
            case "VariableReference" -> "a VariableReference value must be a non-blank string";
            case "Integer" -> "an Integer value must be a whole number, not " + v;
            case "Number" -> "a Number value must be a number, not " + describe(v);
            case "Boolean" -> "a Boolean value must be true or false, not " + describe(v);
            case "DateTime" -> "a DateTime value must be an ISO-8601 date-time, not " + describe(v);
            case "Guid" -> "a Guid value must be a GUID, not " + describe(v);
            default -> "type '" + p.type() + "' is not one of Text, Integer, Number, Boolean, DateTime, Guid, VariableReference, Automatic";
        });
    }

    private static String describe(Object v) {
        return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }

    private static boolean isDateTime(String s) {
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            try {
                LocalDateTime.parse(s);
                return true;
            } catch (DateTimeParseException notLocal) {
                return false;
            }
        }
    }

    private static boolean isGuid(String s) {
        try {
            return UUID.fromString(s).toString().equalsIgnoreCase(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
