package io.weft.provisioner.ontology;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Infers one column's value type from its values, fed one at a time. The rules:
 * <ol>
 * <li>Values are trimmed; empty values (missing data) are ignored. A column with no non-empty value is
 * {@code String}.</li>
 * <li>The column gets the first type, in the order {@code Boolean}, {@code BigInt}, {@code Double},
 * {@code DateTime}, that accepts every non-empty value; else {@code String}.</li>
 * <li>{@code Boolean}: {@code true} or {@code false}, in any case ({@code 0}/{@code 1} are numbers).</li>
 * <li>{@code BigInt}: an optionally signed integer that fits in 64 bits.</li>
 * <li>{@code Double}: an optionally signed decimal number, with an optional exponent ({@code 1.5},
 * {@code -2}, {@code .5}, {@code 1e3}); a column mixing integers and decimals is {@code Double}. NaN and
 * Infinity are not numbers here.</li>
 * <li>{@code DateTime}: an ISO-8601 date ({@code 2026-11-21}) or date-time ({@code 2026-11-21T10:15:30},
 * with optional fraction and zone {@code Z}/{@code +01:00}; a space may replace the {@code T}).</li>
 * </ol>
 */
public final class ValueTypeInference {

    private static final Pattern INTEGER = Pattern.compile("^[+-]?\\d{1,19}$");
    private static final Pattern DECIMAL = Pattern.compile("^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$");
    private static final Pattern DATE_LIKE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}([T ].+)?$");

    private final Set<ValueType> candidates = EnumSet.of(ValueType.BOOLEAN, ValueType.BIG_INT, ValueType.DOUBLE,
            ValueType.DATE_TIME);
    private boolean sawValue;

    /** Takes one value of the column. */
    public void accept(String raw) {
        if (raw == null) {
            return;
        }
        String value = raw.trim();
        if (value.isEmpty()) {
            return;
        }
        sawValue = true;
        if (candidates.isEmpty()) {
            return;
        }
        if (candidates.contains(ValueType.BOOLEAN) && !isBoolean(value)) {
            candidates.remove(ValueType.BOOLEAN);
        }
        if (candidates.contains(ValueType.BIG_INT) && !isBigInt(value)) {
            candidates.remove(ValueType.BIG_INT);
        }
        if (candidates.contains(ValueType.DOUBLE) && !DECIMAL.matcher(value).matches()) {
            candidates.remove(ValueType.DOUBLE);
        }
        if (candidates.contains(ValueType.DATE_TIME) && !isDateTime(value)) {
            candidates.remove(ValueType.DATE_TIME);
        }
    }

    /** The type of the values seen so far. */
    public ValueType result() {
        if (!sawValue || candidates.isEmpty()) {
            return ValueType.STRING;
        }
        // EnumSet iterates in declaration order; the precedence is Boolean, BigInt, Double, DateTime.
        for (ValueType type : new ValueType[] {ValueType.BOOLEAN, ValueType.BIG_INT, ValueType.DOUBLE, ValueType.DATE_TIME}) {
            if (candidates.contains(type)) {
                return type;
            }
        }
        return ValueType.STRING;
    }

    /** The type of a whole column given at once. */
    public static ValueType infer(Iterable<String> values) {
        ValueTypeInference inference = new ValueTypeInference();
        values.forEach(inference::accept);
        return inference.result();
    }

    private static boolean isBoolean(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.equals("true") || lower.equals("false");
    }

    private static boolean isBigInt(String value) {
        if (!INTEGER.matcher(value).matches()) {
            return false;
        }
        try {
            Long.parseLong(value.startsWith("+") ? value.substring(1) : value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDateTime(String value) {
        if (!DATE_LIKE.matcher(value).matches()) {
            return false;
        }
        String iso = value.length() > 10 && value.charAt(10) == ' ' ? value.substring(0, 10) + 'T' + value.substring(11) : value;
        try {
            if (iso.length() == 10) {
                LocalDate.parse(iso);
            } else if (iso.endsWith("Z") || iso.matches(".*[+-]\\d{2}:?\\d{2}$")) {
                OffsetDateTime.parse(iso.matches(".*[+-]\\d{4}$")
                        ? iso.substring(0, iso.length() - 2) + ":" + iso.substring(iso.length() - 2) : iso);
            } else {
                LocalDateTime.parse(iso);
            }
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
