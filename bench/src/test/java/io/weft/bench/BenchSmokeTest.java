package io.weft.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The harness in its smoke mode: every scenario runs against the real PostgreSQL, checks its own outcome (every
 * job folded to SUCCEEDED; every scale-out job succeeded, in its workspace's order; the uploaded files are all in
 * OneLake; the job whose worker was killed ended once), and reports figures, tables and JSON. Nothing here is about
 * speed.
 */
class BenchSmokeTest {

    @Test
    void smokeModeRunsEveryScenarioAndReportsRatios(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("results.json");
        Bench.Options options = Bench.Options.parse("--smoke", "--json=" + json);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Bench.Result> results = Bench.run(options, new PrintStream(log, true, StandardCharsets.UTF_8));
        Bench.write(results, json);

        assertThat(results).extracting(Bench.Result::scenario).containsExactly("fold-many", "fold-one",
                "freshness (p99, produce -> SSE)", "scale-out-provisioner (2 workers)", "scale-out-model-deployer (1 worker)",
                "onelake-upload (2 x 1 MB)", "crash-takeover (kill -9 -> survivor resumes)", "gateway-ingest");
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
        assertThat(Files.readString(json)).contains("\"scenario\" : \"fold-many\"", "\"ratio\"", "\"rounds\"");

        // Freshness: every probe event reached both clients through the packaged tracker; percentiles in order.
        Map<?, ?> api = (Map<?, ?>) results.get(2).details().get("apiMs");
        Map<?, ?> sse = (Map<?, ?>) results.get(2).details().get("sseMs");
        for (Map<?, ?> p : List.of(api, sse)) {
            assertThat((Double) p.get("p50")).isLessThanOrEqualTo((Double) p.get("p90"));
            assertThat((Double) p.get("p90")).isLessThanOrEqualTo((Double) p.get("p99"));
            assertThat((Double) p.get("p99")).isLessThanOrEqualTo((Double) p.get("max"));
        }
        assertThat((Double) results.get(2).details().get("backgroundEventsPerSecondSent")).isPositive();

        // Scale-out: the packaged workers as processes, one round per count, every job succeeded and kept its
        // workspace's order (the scenario fails otherwise); the rounds say how the work was spread.
        List<?> provisionerRounds = (List<?>) results.get(3).details().get("rounds");
        assertThat(provisionerRounds).extracting(r -> ((ScaleOutBench.Round) r).workers()).containsExactly(1, 2);
        List<?> deployerRounds = (List<?>) results.get(4).details().get("rounds");
        assertThat(deployerRounds).extracting(r -> ((ScaleOutBench.Round) r).workers()).containsExactly(1);
        for (Object o : List.of(provisionerRounds, deployerRounds).stream().flatMap(List::stream).toList()) {
            ScaleOutBench.Round round = (ScaleOutBench.Round) o;
            assertThat(round.jobs()).as("2 workspaces x 2 jobs").isEqualTo(4);
            assertThat(round.jobsPerMinute()).isPositive();
            assertThat(round.p95LatencyMs()).isGreaterThanOrEqualTo(round.p50LatencyMs()).as("a run takes 300 ms").isGreaterThanOrEqualTo(300);
            assertThat(round.mostRunningAtOnce()).isBetween(1, round.concurrencyCeiling());
            assertThat(round.fabricCallsPerJob()).as("a start and at least one poll").isGreaterThanOrEqualTo(2);
            assertThat(round.eventsPerJob()).as("started, a step, ended").isGreaterThanOrEqualTo(3);
            assertThat(round.eventBytesPerJob()).isPositive();
            assertThat(round.predictedJobsPerMinute()).isPositive();
            assertThat(round.workspacesPerWorker()).as("every workspace on one worker's partitions").hasSize(round.workers())
                    .satisfies(counts -> assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2));
        }
        assertThat(ScaleOutBench.table(results)).contains("| scale-out-provisioner | 1 | 4 |", "| scale-out-provisioner | 2 | 4 |",
                "| scale-out-model-deployer | 1 | 4 |");

        // OneLake upload: the packaged provisioner's graph-scenario job ran every step and uploaded both files (the
        // scenario fails unless both directories hold them at their sizes); the SDK's time is the reference.
        Map<String, Object> upload = results.get(5).details();
        assertThat((long) upload.get("bytes")).as("2 files of 1 MB").isBetween(2_000_000L, 2_001_000L);
        @SuppressWarnings("unchecked")
        Map<String, Long> steps = (Map<String, Long>) upload.get("weftStepMs");
        assertThat(steps).as("in order").containsOnlyKeys("fetch-archive", "prepare-lakehouse", "upload-files",
                "load-tables", "apply-ontology", "discover-graph-model");
        assertThat((long) upload.get("weftUploadMs")).isPositive().isLessThan((long) upload.get("weftJobMs"));
        assertThat((long) upload.get("sdkUploadMs")).isPositive();
        assertThat((long) upload.get("weftUploadProgressEvents")).as("coalesced: at least the first and the last").isBetween(2L, 100L);

        // Crash takeover: one kill, the job resumed by the survivor and ended once (the scenario fails otherwise). The
        // coordinator notices the dead member no sooner than its session timeout after its last heartbeat.
        Map<String, Object> takeover = results.get(6).details();
        assertThat((long) takeover.get("sessionTimeoutMs")).isEqualTo(6000);
        List<?> takeovers = (List<?>) takeover.get("takeovers");
        assertThat(takeovers).hasSize(1);
        TakeoverBench.Takeover kill = (TakeoverBench.Takeover) takeovers.get(0);
        assertThat(kill.reassignedMs()).as("session timeout less a heartbeat, at least").isGreaterThanOrEqualTo(6000 - 1000);
        assertThat(kill.resumedMs()).isGreaterThanOrEqualTo(6000 - 1000);
        assertThat(kill.reattachedMs()).isBetween(kill.resumedMs(), kill.finishedMs());

        // Gateway ingest: the packaged gateway accepted the archive (202, its manifest and staged copy checked by the
        // scenario) in every round, and both references read the same bytes.
        Map<String, Object> ingest = results.get(7).details();
        assertThat((long) ingest.get("csvBytes")).isGreaterThanOrEqualTo(2L << 20);
        assertThat((long) ingest.get("archiveBytes")).isPositive().isLessThan((long) ingest.get("csvBytes"));
        for (String figures : List.of("gatewayMBps", "gatewayReceiveOnlyMBps", "inflateHashMBps", "loopbackPostMBps")) {
            assertThat((List<?>) ingest.get(figures)).as(figures).hasSize(1).allSatisfy(f -> assertThat((Double) f).isPositive());
        }
        assertThat(Bench.table(results)).contains("| gateway-ingest |", "one-pass inflate + SHA-256");
    }

    @Test
    void badFlagsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> Bench.Options.parse("--jobs=0")).hasMessageContaining("--jobs must be at least 1");
        assertThatThrownBy(() -> Bench.Options.parse("--scenarios=warp")).hasMessageContaining("unknown scenario: warp");
        assertThatThrownBy(() -> Bench.Options.parse("--jobz=3")).hasMessageContaining("unknown flags: [jobz]");
        assertThatThrownBy(() -> Bench.Options.parse("--provisioners=1,x")).hasMessageContaining("--provisioners is not a number: x");
        assertThatThrownBy(() -> Bench.Options.parse("--upload-file-mb=0")).hasMessageContaining("--upload-file-mb must be at least 1");
    }
}
