package io.weft.deployer.config;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A deployer whose environments file has problems does not start, and says what every problem is. */
@QuarkusMainTest
@TestProfile(InvalidEnvironmentsFileTest.BrokenFile.class)
class InvalidEnvironmentsFileTest {

    public static class BrokenFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("weft.deployer.environments.file", "src/test/resources/environments/invalid-environments.yaml");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void theServiceRefusesToStartListingEveryProblem(LaunchResult result) {
        String output = result.getOutput() + "\n" + result.getErrorOutput();

        assertThat(output).contains("3 problems in the environments file src/test/resources/environments/invalid-environments.yaml")
                .contains("$.environments[1].stage: stage 'Development' is already used by environment 'dev'")
                .contains("$.replacements[0].environments[2]: unknown environment 'uat'; the file defines dev, qa")
                .contains("$.replacements[0].parameter: parameter 'sqlServer' is not defined in environment 'qa'");
    }
}
