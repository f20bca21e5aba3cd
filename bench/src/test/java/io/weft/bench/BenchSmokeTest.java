package io.weft.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The harness in its smoke mode: every scenario runs against the real PostgreSQL, checks its own outcome (every
 * job folded to SUCCEEDED), and reports figures, a table and JSON. Nothing here is about speed.
 */
class BenchSmokeTest {

    @Test
    void smokeModeRunsEveryScenarioAndReportsRatios(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("results.json");
        Bench.Options options = Bench.Options.parse("--smoke", "--json=" + json);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Bench.Result> results = Bench.run(options, new PrintStream(log, true, StandardCharsets.UTF_8));
        Bench.write(results, json);

        assertThat(results).extracting(Bench.Result::scenario).containsExactly("fold-many", "fold-one");
        for (Bench.Result result : results) {
            assertThat(result.weft()).isPositive();
            assertThat(result.referenceValue()).isPositive();
            assertThat(result.ratio()).isEqualTo(result.weft() / result.referenceValue());
        }
        // One job's progress arrives in order: after its first batch, every batch advances the stored state.
        Bench.Result one = results.get(1);
        assertThat((long) one.details().get("jobFoldsRefolded")).isEqualTo(1);
        assertThat((long) one.details().get("jobFoldsAdvanced")).isEqualTo((long) Math.ceil(305 / 50.0) - 1);
        assertThat(Bench.table(results)).contains("| fold-many |", "| fold-one |", "%");
        assertThat(Files.readString(json)).contains("\"scenario\" : \"fold-many\"", "\"ratio\"");
    }

    @Test
    void badFlagsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> Bench.Options.parse("--jobs=0")).hasMessageContaining("--jobs must be at least 1");
        assertThatThrownBy(() -> Bench.Options.parse("--scenarios=warp")).hasMessageContaining("unknown scenario: warp");
        assertThatThrownBy(() -> Bench.Options.parse("--jobz=3")).hasMessageContaining("unknown flags: [jobz]");
    }
}
