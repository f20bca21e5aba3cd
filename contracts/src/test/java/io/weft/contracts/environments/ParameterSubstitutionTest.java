package io.weft.contracts.environments;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ParameterSubstitutionTest {

    private static final Map<String, String> PROCESS_ENV = Map.of("WEFT_TEST_TOKEN", "t0k$1\\en");

    private final Environments file = new EnvironmentsParser().parse("""
            environments:
              - name: qa
                workspace: Sales QA
                parameters:
                  sqlServer: qa-sql.contoso.example
                  token: { fromEnv: WEFT_TEST_TOKEN }
                  missing: { fromEnv: WEFT_TEST_NOT_SET }
            replacements:
              - { description: server, files: "definition/**.tmdl", regex: true, find: '(?<=Sql.Database\\(")[^"]*', parameter: sqlServer }
              - { files: "definition/expressions.tmdl", find: "@TOKEN@", parameter: token }
              - { files: "definition.pbism", jsonPath: "$.settings.server", parameter: sqlServer }
              - { files: "diagramLayout.json", jsonPath: "$.nodes[*].name", parameter: sqlServer }
              - { files: "nothing/**", find: x, parameter: sqlServer, optional: true }
            """.getBytes(StandardCharsets.UTF_8), "test.yaml");

    @Test
    void replacesTextRegexAndJsonPathAndReportsFileAndCountButNoValue() {
        Map<String, byte[]> parts = parts(
                "definition.pbism", "{\"version\":\"4.0\",\"settings\":{\"server\":\"localhost\"}}",
                "definition/expressions.tmdl", "expression Src = Sql.Database(\"localhost\", \"db\")\nexpression T = \"@TOKEN@\" & \"@TOKEN@\"",
                "definition/tables/Orders.tmdl", "source = Sql.Database(\"localhost\", \"db\")",
                "definition/tables/Other.tmdl", "nothing here",
                "diagramLayout.json", "{\"nodes\":[{\"name\":\"a\"},{\"name\":\"b\"}]}");

        ParameterSubstitution.Result result = apply(parts);

        assertThat(text(result, "definition/expressions.tmdl"))
                .isEqualTo("expression Src = Sql.Database(\"qa-sql.contoso.example\", \"db\")\nexpression T = \"t0k$1\\en\" & \"t0k$1\\en\"");
        assertThat(text(result, "definition/tables/Orders.tmdl")).isEqualTo("source = Sql.Database(\"qa-sql.contoso.example\", \"db\")");
        assertThat(text(result, "definition/tables/Other.tmdl")).isEqualTo("nothing here");
        assertThat(text(result, "definition.pbism")).contains("\"server\" : \"qa-sql.contoso.example\"").contains("\"version\" : \"4.0\"");
        assertThat(text(result, "diagramLayout.json")).doesNotContain("\"a\"").doesNotContain("\"b\"");
        assertThat(result.parts().keySet()).containsExactlyElementsOf(parts.keySet());
        assertThat(result.applied()).extracting(ParameterSubstitution.Applied::file, ParameterSubstitution.Applied::count)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("definition/expressions.tmdl", 1),
                        org.assertj.core.groups.Tuple.tuple("definition/tables/Orders.tmdl", 1),
                        org.assertj.core.groups.Tuple.tuple("definition/expressions.tmdl", 2),
                        org.assertj.core.groups.Tuple.tuple("definition.pbism", 1),
                        org.assertj.core.groups.Tuple.tuple("diagramLayout.json", 2));
        assertThat(result.applied().get(0).replacement()).isEqualTo("replacements[0] (server)");
        assertThat(result.applied().toString()).doesNotContain("t0k").doesNotContain("qa-sql");
    }

    @Test
    void everyProblemIsReportedAtOnceAndNoSecretValueAppears() {
        Environments broken = new EnvironmentsParser().parse("""
                environments:
                  - name: qa
                    workspace: Sales QA
                    parameters:
                      sqlServer: qa-sql.contoso.example
                      token: { fromEnv: WEFT_TEST_TOKEN }
                      missing: { fromEnv: WEFT_TEST_NOT_SET }
                replacements:
                  - { files: "definition/**.tmdl", find: "no such text", parameter: token }
                  - { files: "definition.pbism", jsonPath: "$.settings.absent", parameter: sqlServer }
                  - { files: "definition/*.tmdl", jsonPath: "$.x", parameter: sqlServer }
                  - { files: "reports/**", find: x, parameter: sqlServer }
                  - { files: "definition/model.tmdl", find: model, parameter: missing }
                """.getBytes(StandardCharsets.UTF_8), "test.yaml");
        Map<String, byte[]> parts = parts("definition.pbism", "{\"settings\":{}}", "definition/model.tmdl", "model Model");

        InvalidParametersException e = catchThrowableOfType(InvalidParametersException.class, () -> ParameterSubstitution.apply(
                broken.find("qa").orElseThrow(), broken.replacements(), parts, PROCESS_ENV::get));

        assertThat(e.problems()).containsExactly(
                "replacements[0] (find no such text): matched nothing in 1 file matching 'definition/**.tmdl' (definition/model.tmdl); fix the definition or the replacement, or mark it optional",
                "replacements[1] (jsonPath $.settings.absent): matched nothing in 1 file matching 'definition.pbism' (definition.pbism); fix the definition or the replacement, or mark it optional",
                "replacements[2] (jsonPath $.x): definition/model.tmdl is not JSON, so its jsonPath cannot apply",
                "replacements[2] (jsonPath $.x): matched nothing in 1 file matching 'definition/*.tmdl' (definition/model.tmdl); fix the definition or the replacement, or mark it optional",
                "replacements[3] (find x): no definition file matches 'reports/**'",
                "replacements[4] (find model): parameter 'missing' of environment 'qa' comes from process environment variable WEFT_TEST_NOT_SET, which is not set in the worker's environment");
        assertThat(e.getMessage()).doesNotContain("t0k").startsWith("6 problems applying the parameters of environment 'qa'");
    }

    private ParameterSubstitution.Result apply(Map<String, byte[]> parts) {
        Environment qa = file.find("qa").orElseThrow();
        List<Replacement> replacements = file.replacementsFor("qa", "Sales").stream()
                .filter(r -> !"missing".equals(r.parameter())).toList();
        return ParameterSubstitution.apply(qa, replacements, parts, PROCESS_ENV::get);
    }

    private static Map<String, byte[]> parts(String... pathsAndContents) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            parts.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return parts;
    }

    private static String text(ParameterSubstitution.Result result, String path) {
        return new String(result.parts().get(path), StandardCharsets.UTF_8);
    }
}
