package io.weft.provisioner.ontology;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ValueTypeInferenceTest {

    private static ValueType of(String... values) {
        return ValueTypeInference.infer(Arrays.asList(values));
    }

    @Test
    void booleansInAnyCaseButNotZeroOne() {
        assertThat(of("true", "FALSE", "True")).isEqualTo(ValueType.BOOLEAN);
        assertThat(of("0", "1")).isEqualTo(ValueType.BIG_INT);
        assertThat(of("true", "yes")).isEqualTo(ValueType.STRING);
    }

    @Test
    void integersThatFitInSixtyFourBits() {
        assertThat(of("1", "-42", "+7", "9223372036854775807")).isEqualTo(ValueType.BIG_INT);
        assertThat(of("1", "9223372036854775808")).isEqualTo(ValueType.DOUBLE);
    }

    @Test
    void decimalsAndMixedNumbersAreDouble() {
        assertThat(of("1.5", "2", ".5", "-3e4", "1E-2")).isEqualTo(ValueType.DOUBLE);
        assertThat(of("1.5", "NaN")).isEqualTo(ValueType.STRING);
        assertThat(of("1.5", "Infinity")).isEqualTo(ValueType.STRING);
    }

    @Test
    void isoDatesAndDateTimes() {
        assertThat(of("2026-11-21", "2026-01-01")).isEqualTo(ValueType.DATE_TIME);
        assertThat(of("2026-11-21T10:15:30", "2026-11-21 10:15", "2026-11-21T10:15:30.123Z", "2026-11-21T10:15:30+01:00"))
                .isEqualTo(ValueType.DATE_TIME);
        assertThat(of("2026-13-01")).isEqualTo(ValueType.STRING);
        assertThat(of("21/11/2026")).isEqualTo(ValueType.STRING);
    }

    @Test
    void emptyValuesAreIgnoredAndAnEmptyColumnIsString() {
        assertThat(of("", " ", "12")).isEqualTo(ValueType.BIG_INT);
        assertThat(of("", "  ")).isEqualTo(ValueType.STRING);
        assertThat(ValueTypeInference.infer(List.of())).isEqualTo(ValueType.STRING);
    }

    @Test
    void valuesAreTrimmedAndOneOddValueMakesString() {
        assertThat(of(" 12 ", "13")).isEqualTo(ValueType.BIG_INT);
        assertThat(of("12", "13", "n/a")).isEqualTo(ValueType.STRING);
    }
}
