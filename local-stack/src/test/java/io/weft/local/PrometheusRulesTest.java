package io.weft.local;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local stack's alert rules, checked and unit-tested by Prometheus's own {@code promtool} (Debian's
 * {@code prometheus} package; the build installs it with deploy/ensure.sh): a wrong expression, a wrong
 * threshold or a wrong annotation fails {@code promtool test rules}, and so this test. Every alert must have a
 * unit test.
 */
class PrometheusRulesTest {

    private static final Path REPO = Path.of(System.getProperty("weft.repo", "..")).toAbsolutePath().normalize();
    private static final Path PROMETHEUS = REPO.resolve("deploy/prometheus");
    private static final Path RULES = PROMETHEUS.resolve("rules/weft-alerts.yml");
    private static final Path RULE_TESTS = PROMETHEUS.resolve("tests/weft-alerts.test.yml");

    @Test
    void theRulesAreValid() throws Exception {
        Result result = run(PROMETHEUS, "promtool", "check", "rules", RULES.toString());

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertPassesItsUnitTests() throws Exception {
        Result result = run(RULE_TESTS.getParent(), "promtool", "test", "rules", RULE_TESTS.getFileName().toString());

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void everyAlertHasAUnitTestThatSeesItFire() throws IOException {
        assertThat(testedFiring()).containsAll(alerts());
    }

    @Test
    void theStacksConfigurationIsValidOnceItsPortsArePutIn() throws Exception {
        Path config = Files.createTempDirectory("weft-prometheus").resolve("prometheus.yml");
        Files.writeString(config, Files.readString(PROMETHEUS.resolve("prometheus.yml.template"))
                .replace("@RULES_DIR@", PROMETHEUS.resolve("rules").toString())
                .replace("@TRACKER_PORT@", "8080").replace("@GATEWAY_PORT@", "8081")
                .replace("@PROVISIONER_PORT@", "8082").replace("@DEPLOYER_PORT@", "8083")
                .replace("@PROMETHEUS_PORT@", "9090"));

        Result result = run(config.getParent(), "promtool", "check", "config", config.toString());

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: 6 rules found");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> alerts() throws IOException {
        Map<String, Object> rules = new Yaml().load(Files.readString(RULES));
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                names.add((String) rule.get("alert"));
            }
        }
        return names;
    }

    /** Alerts that some unit test expects to fire (a test that only expects silence proves little). */
    @SuppressWarnings("unchecked")
    private static Set<String> testedFiring() throws IOException {
        Map<String, Object> tests = new Yaml().load(Files.readString(RULE_TESTS));
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) tests.get("tests")) {
            for (Map<String, Object> check : (List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of())) {
                if (!((List<?>) check.getOrDefault("exp_alerts", List.of())).isEmpty()) {
                    names.add((String) check.get("alertname"));
                }
            }
        }
        return names;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(directory.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool ended").isTrue();
        return new Result(process.exitValue(), output);
    }
}
