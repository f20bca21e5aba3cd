package io.weft.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark harness: runs each scenario against its raw reference in the same run, on the same machine and
 * the same PostgreSQL, and prints the ratios as a table and as JSON. Not a timed test: the figures are what
 * this machine did just now, and only their ratios to the references carry from one machine to another.
 */
public final class Bench {

    static final String USAGE = """
            usage: deploy/bench/run.sh [--flag=value ...]
              --scenarios=fold-many,fold-one,freshness,scale-out-provisioner,scale-out-model-deployer,onelake-upload,crash-takeover,gateway-ingest
                                               which scenarios to run (default: all)
              --jobs=500                       fold-many: jobs, their events interleaved as concurrent jobs' are
              --events-per-job=74              fold-many: inputs per job (command, job and step events, progress)
              --one-job-events=100000          fold-one: progress events of the one job
              --batch=500                      inputs per transaction (Kafka's default max.poll.records)
              --samples=200                    freshness: probe events, one every --sample-interval-ms
              --sample-interval-ms=20          freshness: time between probe events
              --background-rate=1000           freshness: other jobs' events per second meanwhile
              --provisioners=1,2,3             scale-out-provisioner: provisioner processes, one round per count
              --deployers=1,2                  scale-out-model-deployer: model-deployer processes, one round per count
              --workspaces=12                  scale-out: workspaces the jobs are spread over
              --jobs-per-workspace=8           scale-out: jobs submitted to each workspace per round
              --fabric-run-ms=3000             scale-out: how long each Fabric pipeline run or refresh takes
              --max-concurrent-jobs=4          scale-out: each worker's weft.worker.max-concurrent-jobs
              --upload-files=8                 onelake-upload: files in the graph scenario's archive
              --upload-file-mb=16              onelake-upload: size of each file, MB (10^6 bytes)
              --takeovers=3                    crash-takeover: kills of the worker running the job, one after another
              --takeover-run-ms=20000          crash-takeover: how long the job's Fabric pipeline run takes
              --session-timeout-ms=6000        crash-takeover: the workers' weft.worker.group.session-timeout (their default)
              --csv-mb=300                     gateway-ingest: the archive's one CSV, MiB uncompressed (tar.gz: about a third)
              --ingest-rounds=3                gateway-ingest: timed rounds after a warm-up (figures: their medians)
              --json=target/bench/results.json where the JSON goes
              --smoke                          tiny sizes: checks that the harness works, says nothing of speed
            """;

    /** The repository's root, whose built modules and deploy/ files the scenarios use (the harness runs in bench/). */
    static final Path REPO = Path.of(System.getProperty("weft.repo", "..")).toAbsolutePath().normalize();
    static final List<String> SCENARIOS = List.of("fold-many", "fold-one", "freshness", "scale-out-provisioner",
            "scale-out-model-deployer", "onelake-upload", "crash-takeover", "gateway-ingest");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(USAGE);
            return;
        }
        List<Result> results = run(options, System.out);
        write(results, options.json());
        System.out.println();
        System.out.println(table(results));
        String rounds = ScaleOutBench.table(results);
        if (!rounds.isEmpty()) {
            System.out.println(rounds);
        }
        System.out.println("JSON: " + options.json().toAbsolutePath());
    }

    /** Runs the chosen scenarios, logging as it goes; returns their results in order. */
    public static List<Result> run(Options options, PrintStream log) throws Exception {
        List<Result> results = new ArrayList<>();
        FoldBench fold = new FoldBench(options.batch(), log);
        if (options.runs("fold-many")) {
            results.add(fold.manyJobs(options.jobs(), options.eventsPerJob()));
        }
        if (options.runs("fold-one")) {
            results.add(fold.oneJob(options.oneJobEvents()));
        }
        if (options.runs("freshness")) {
            results.add(new FreshnessBench(REPO, Path.of("target", "bench", "freshness").toAbsolutePath(), log)
                    .run(options.samples(), Duration.ofMillis(options.sampleIntervalMs()), options.backgroundRate()));
        }
        ScaleOutBench scaleOut = new ScaleOutBench(REPO, Path.of("target", "bench", "scale-out").toAbsolutePath(), log);
        Duration fabricRun = Duration.ofMillis(options.fabricRunMs());
        if (options.runs("scale-out-provisioner")) {
            results.add(scaleOut.run(WorkerGroup.Service.PROVISIONER, options.provisioners(), options.workspaces(),
                    options.jobsPerWorkspace(), fabricRun, options.maxConcurrentJobs()));
        }
        if (options.runs("scale-out-model-deployer")) {
            results.add(scaleOut.run(WorkerGroup.Service.MODEL_DEPLOYER, options.deployers(), options.workspaces(),
                    options.jobsPerWorkspace(), fabricRun, options.maxConcurrentJobs()));
        }
        if (options.runs("onelake-upload")) {
            results.add(new OneLakeUploadBench(REPO, Path.of("target", "bench", "onelake-upload").toAbsolutePath(), log)
                    .run(options.uploadFiles(), options.uploadFileMb()));
        }
        if (options.runs("crash-takeover")) {
            results.add(new TakeoverBench(REPO, Path.of("target", "bench", "crash-takeover").toAbsolutePath(), log)
                    .run(options.takeovers(), Duration.ofMillis(options.takeoverRunMs()), Duration.ofMillis(options.sessionTimeoutMs())));
        }
        if (options.runs("gateway-ingest")) {
            results.add(new GatewayIngestBench(REPO, Path.of("target", "bench", "gateway-ingest").toAbsolutePath(), log)
                    .run(options.csvMegabytes(), options.ingestRounds()));
        }
        return results;
    }

    static void write(List<Result> results, Path json) throws IOException {
        Files.createDirectories(json.toAbsolutePath().getParent());
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("machineCores", Runtime.getRuntime().availableProcessors());
        document.put("results", results);
        mapper.writeValue(json.toFile(), document);
    }

    /** The nearest-rank percentile of sorted values: p = 0.99 is the value 99 % of them do not exceed. */
    static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /** The results as a Markdown table: what, Weft's figure, the reference's, their ratio. */
    public static String table(List<Result> results) {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | Weft | reference (same run) | ratio |\n|---|---|---|---|\n");
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %,.0f %s | %s: %,.0f %s | %.0f %% |%n", r.scenario(),
                    r.weft(), r.unit(), r.reference(), r.referenceValue(), r.unit(), 100 * r.ratio()));
        }
        return out.toString();
    }

    /**
     * One scenario's figures.
     *
     * @param weft           Weft's rate
     * @param referenceValue the raw reference's rate, measured in the same run
     * @param ratio          weft / referenceValue
     * @param details        what else was measured (sizes, times, how the fold went)
     */
    public record Result(String scenario, String unit, double weft, String reference, double referenceValue,
            double ratio, Map<String, Object> details) {
    }

    /** The command line. */
    public record Options(boolean help, List<String> scenarios, int jobs, int eventsPerJob, int oneJobEvents,
            int batch, int samples, int sampleIntervalMs, int backgroundRate, List<Integer> provisioners, List<Integer> deployers, int workspaces, int jobsPerWorkspace,
            int fabricRunMs, int maxConcurrentJobs, int uploadFiles, int uploadFileMb, int takeovers, int takeoverRunMs,
            int sessionTimeoutMs, int csvMegabytes, int ingestRounds, Path json) {

        boolean runs(String scenario) {
            return scenarios.contains(scenario);
        }

        public static Options parse(String... args) {
            Map<String, String> flags = new LinkedHashMap<>();
            for (String arg : args) {
                if (!arg.startsWith("--")) {
                    throw new IllegalArgumentException("not a flag: " + arg);
                }
                int eq = arg.indexOf('=');
                flags.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
            }
            boolean smoke = Boolean.parseBoolean(flags.remove("smoke"));
            boolean help = Boolean.parseBoolean(flags.remove("help"));
            List<String> scenarios = List.of(flags.getOrDefault("scenarios", String.join(",", SCENARIOS)).split(","));
            flags.remove("scenarios");
            for (String scenario : scenarios) {
                if (!SCENARIOS.contains(scenario)) {
                    throw new IllegalArgumentException("unknown scenario: " + scenario + " (known: " + String.join(", ", SCENARIOS) + ")");
                }
            }
            Options options = new Options(help, scenarios, number(flags, "jobs", smoke ? 5 : 500),
                    number(flags, "events-per-job", smoke ? 20 : 74), number(flags, "one-job-events", smoke ? 300 : 100_000),
                    number(flags, "batch", smoke ? 50 : 500),
                    number(flags, "samples", smoke ? 20 : 200), number(flags, "sample-interval-ms", 20),
                    number(flags, "background-rate", smoke ? 100 : 1000),
                    numbers(flags, "provisioners", smoke ? List.of(1, 2) : List.of(1, 2, 3)),
                    numbers(flags, "deployers", smoke ? List.of(1) : List.of(1, 2)),
                    number(flags, "workspaces", smoke ? 2 : 12), number(flags, "jobs-per-workspace", smoke ? 2 : 8),
                    number(flags, "fabric-run-ms", smoke ? 300 : 3000), number(flags, "max-concurrent-jobs", 4),
                    number(flags, "upload-files", smoke ? 2 : 8), number(flags, "upload-file-mb", smoke ? 1 : 16),
                    number(flags, "takeovers", smoke ? 1 : 3), number(flags, "takeover-run-ms", smoke ? 3000 : 20_000),
                    number(flags, "session-timeout-ms", 6000),
                    number(flags, "csv-mb", smoke ? 2 : 300), number(flags, "ingest-rounds", smoke ? 1 : 3),
                    Path.of(flags.getOrDefault("json", "target/bench/results.json")));
            flags.remove("json");
            if (!flags.isEmpty()) {
                throw new IllegalArgumentException("unknown flags: " + flags.keySet());
            }
            return options;
        }

        private static List<Integer> numbers(Map<String, String> flags, String name, List<Integer> fallback) {
            String value = flags.remove(name);
            if (value == null) {
                return fallback;
            }
            List<Integer> numbers = new ArrayList<>();
            for (String part : value.split(",")) {
                numbers.add(positive(name, part.strip()));
            }
            return List.copyOf(numbers);
        }

        private static int number(Map<String, String> flags, String name, int fallback) {
            String value = flags.remove(name);
            return value == null ? fallback : positive(name, value);
        }

        private static int positive(String name, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n < 1) {
                    throw new IllegalArgumentException("--" + name + " must be at least 1, not " + value);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " is not a number: " + value);
            }
        }
    }
}
