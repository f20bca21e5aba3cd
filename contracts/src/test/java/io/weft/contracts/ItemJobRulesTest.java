package io.weft.contracts;

import io.weft.contracts.command.ItemJobParameter;
import io.weft.contracts.command.ItemJobRules;
import io.weft.contracts.command.RunItemJob;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ItemJobRulesTest {

    @Test
    void everyItemTypeHasADefaultJobType() {
        assertThat(ItemJobRules.jobType(run("DataPipeline", null, List.of()))).isEqualTo("Pipeline");
        assertThat(ItemJobRules.jobType(run("Notebook", null, List.of()))).isEqualTo("RunNotebook");
        assertThat(ItemJobRules.jobType(run("SparkJobDefinition", null, List.of()))).isEqualTo("sparkjob");
        assertThat(ItemJobRules.jobType(run("Notebook", "Execute", List.of()))).isEqualTo("Execute");
    }

    @Test
    void wellTypedParametersPass() {
        List<ItemJobParameter> parameters = List.of(new ItemJobParameter("a", "Text", "x"), new ItemJobParameter("b", "Integer", 3),
                new ItemJobParameter("c", "Number", 2.5), new ItemJobParameter("d", "Boolean", true),
                new ItemJobParameter("e", "DateTime", "2026-12-02T10:00:00Z"), new ItemJobParameter("f", "DateTime", "2026-12-02T10:00:00"),
                new ItemJobParameter("g", "Guid", "431e8d7b-4a95-4c02-8ccd-6faef5ba1bd7"), new ItemJobParameter("h", "Automatic", 25),
                new ItemJobParameter("i", "VariableReference", "@pipeline().RunId"));

        assertThat(ItemJobRules.problems(run("DataPipeline", "execute", parameters))).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsField() {
        List<ItemJobParameter> parameters = List.of(new ItemJobParameter("n", "Integer", "3"), new ItemJobParameter("N", "Boolean", "yes"));

        List<ItemJobRules.Problem> problems = ItemJobRules.problems(run("Notebook", "sparkjob", parameters));

        assertThat(problems).extracting(ItemJobRules.Problem::field).containsExactly("jobType", "parameters[0]", "parameters[1]", "parameters[1]");
        assertThat(problems).extracting(ItemJobRules.Problem::message).containsExactly(
                "'sparkjob' is not a job of a Notebook (RunNotebook or execute)",
                "'n': an Integer value must be a whole number, not 3",
                "'N': the name is used twice (names are compared case-insensitively)",
                "'N': a Boolean value must be true or false, not 'yes'");
    }

    @Test
    void sparkJobDefinitionsTakeNoParameters() {
        assertThat(ItemJobRules.problems(run("SparkJobDefinition", null, List.of(new ItemJobParameter("a", "Text", "b")))))
                .extracting(ItemJobRules.Problem::field).containsExactly("parameters");
    }

    private static RunItemJob run(String itemType, String jobType, List<ItemJobParameter> parameters) {
        return new RunItemJob("job-1", "ws", null, "item", itemType, jobType, parameters, null, Instant.now());
    }
}
