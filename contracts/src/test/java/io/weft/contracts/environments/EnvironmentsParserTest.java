package io.weft.contracts.environments;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EnvironmentsParserTest {

    private final EnvironmentsParser parser = new EnvironmentsParser();

    @Test
    void theSharedExampleReadsAsDevQaProdInPromotionOrder() {
        Environments file = parser.read(Path.of("..", "examples", "environments", "weft-environments.yaml"));

        assertThat(file.names()).containsExactly("dev", "qa", "prod");
        Environment qa = file.find("QA").orElseThrow();
        assertThat(qa.workspace()).isEqualTo("Sales QA");
        assertThat(qa.stage()).isEqualTo("Test");
        assertThat(qa.capacity()).isEqualTo("F4 Capacity");
        assertThat(qa.parameter("sqlDatabase")).contains(ParameterValue.literal("sales_qa"));
        assertThat(qa.connectionsOf("sales")).singleElement().satisfies(binding -> {
            assertThat(binding.dataSourceType()).isEqualTo("SQL");
            assertThat(binding.dataSourcePath()).isEqualTo("qa-sql.contoso.example;sales_qa");
            assertThat(binding.connection()).isEqualTo("Sales SQL (qa)");
        });
        assertThat(file.replacementsFor("qa", "Sales")).extracting(Replacement::parameter).containsExactly("sqlServer", "sqlDatabase");
        assertThat(file.replacementsFor("qa", "Inventory")).isEmpty();
    }

    @Test
    void environmentValuesAreReadFromTheProcessEnvironmentOnlyWhenNamed() {
        Environments file = parse("""
                environments:
                  - name: prod
                    workspace: Sales
                    parameters:
                      password: { fromEnv: WEFT_PROD_PASSWORD }
                """);

        ParameterValue password = file.find("prod").orElseThrow().parameter("password").orElseThrow();
        assertThat(password.secret()).isTrue();
        assertThat(password.resolve(name -> name.equals("WEFT_PROD_PASSWORD") ? "s3cret" : null)).contains("s3cret");
        assertThat(password.resolve(name -> null)).isEmpty();
        assertThat(password.describe()).doesNotContain("s3cret").contains("WEFT_PROD_PASSWORD");
    }

    @Test
    void schemaViolationsAreAllReportedWithTheirPaths() {
        InvalidEnvironmentsException e = catchThrowableOfType(InvalidEnvironmentsException.class, () -> parse("""
                environments:
                  - name: dev
                  - name: 9qa
                    workspace: Sales QA
                    colour: blue
                replacements:
                  - files: "**"
                    find: x
                    jsonPath: $.a
                    parameter: p
                """));

        assertThat(e.problems()).anyMatch(p -> p.startsWith("$.environments[0]") && p.contains("workspace"))
                .anyMatch(p -> p.startsWith("$.environments[1].name"))
                .anyMatch(p -> p.startsWith("$.environments[1]") && p.contains("colour"))
                .anyMatch(p -> p.startsWith("$.replacements[0]"));
        assertThat(e.getMessage()).contains("test.yaml");
    }

    @Test
    void crossChecksAreAllReportedAtOnce() {
        InvalidEnvironmentsException e = catchThrowableOfType(InvalidEnvironmentsException.class, () -> parse("""
                environments:
                  - name: dev
                    workspace: Sales Dev
                    stage: Development
                    parameters: { sqlServer: dev-sql }
                    connections:
                      - { model: Sales, dataSource: { type: SQL, path: "a;b" }, connection: c1 }
                      - { model: sales, dataSource: { type: SQL, path: "A;B" }, connection: c2 }
                  - name: qa
                    workspace: Sales QA
                    stage: development
                  - name: Dev
                    workspace: Other
                replacements:
                  - { files: "definition/**.tmdl", find: localhost, parameter: sqlServer }
                  - { files: "*.tmdl", find: "(unclosed", regex: true, parameter: sqlServer, environments: [dev, staging] }
                  - { files: "definition.pbism", jsonPath: "$.settings[1", parameter: sqlServer, environments: [dev] }
                  - { files: "a{b", find: x, parameter: sqlServer, environments: [dev] }
                """));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "$.environments[0].connections[1]: model 'sales' data source SQL 'A;B' is already bound at $.environments[0].connections[0]",
                "$.environments[1].stage: stage 'development' is already used by environment 'dev'; one stage holds one environment's workspace",
                "$.environments[2].name: environment 'Dev' is already defined at $.environments[0]",
                "$.replacements[0].parameter: parameter 'sqlServer' is not defined in environment 'qa' ($.environments[1].parameters)",
                "$.replacements[0].parameter: parameter 'sqlServer' is not defined in environment 'Dev' ($.environments[2].parameters)",
                "$.replacements[1].environments[1]: unknown environment 'staging'; the file defines dev, qa, Dev",
                // dev and Dev are one name, so a replacement scoped to dev is scoped to both
                "$.replacements[1].parameter: parameter 'sqlServer' is not defined in environment 'Dev' ($.environments[2].parameters)",
                e.problems().stream().filter(p -> p.startsWith("$.replacements[1].find: not a valid regular expression")).findFirst().orElse("missing regex problem"),
                "$.replacements[2].parameter: parameter 'sqlServer' is not defined in environment 'Dev' ($.environments[2].parameters)",
                e.problems().stream().filter(p -> p.startsWith("$.replacements[2].jsonPath: not a valid JSONPath")).findFirst().orElse("missing jsonPath problem"),
                "$.replacements[3].parameter: parameter 'sqlServer' is not defined in environment 'Dev' ($.environments[2].parameters)",
                e.problems().stream().filter(p -> p.startsWith("$.replacements[3].files: not a valid glob")).findFirst().orElse("missing glob problem"));
    }

    @Test
    void brokenYamlDuplicateKeysAndEmptyFilesAreRefusedWithWhere() {
        assertThatThrownBy(() -> parse("environments: [\n  {name: dev"))
                .isInstanceOf(InvalidEnvironmentsException.class).hasMessageContaining("line ").hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parse("environments: []\nenvironments: []\n"))
                .isInstanceOf(InvalidEnvironmentsException.class).hasMessageContaining("Duplicate field 'environments'");
        assertThatThrownBy(() -> parse(""))
                .isInstanceOf(InvalidEnvironmentsException.class).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> parser.read(Path.of("no-such-file.yaml")))
                .isInstanceOf(InvalidEnvironmentsException.class).hasMessageContaining("cannot read the file");
    }

    private Environments parse(String yaml) {
        return parser.parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml");
    }
}
