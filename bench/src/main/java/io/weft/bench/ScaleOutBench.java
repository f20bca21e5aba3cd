package io.weft.bench;

import io.weft.contracts.Topics;
import io.weft.contracts.command.Command;
import io.weft.contracts.command.RefreshSemanticModel;
import io.weft.contracts.command.RunItemJob;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.fabric.ItemJobs;
import io.weft.fabric.emulator.fabric.JobBehaviour;
import io.weft.fabric.emulator.fabric.RefreshBehaviour;
import io.weft.testsupport.kafka.CommandPublisher;
import io.weft.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Scale-out: the packaged workers ({@code target/quarkus-app/quarkus-run.jar}, as the local stack and the pods run
 * them) as 1, 2, 3 … processes of their own, in one consumer group, against one broker and the Fabric emulator
 * (every Fabric run or refresh of a fixed duration). Each round submits the same jobs across the workspaces, as
 * upstream CI does (straight to Kafka), and reads their events back from {@code weft.job-events}: jobs per minute
 * (first publish to last terminal event), latency (publish to terminal event) and the most jobs seen running at once.
 *
 * <p>Every round fails unless every job succeeded and each workspace's jobs ran strictly one after another in the
 * order they were submitted (a job started only after the one before it in its workspace ended), read from the
 * events' own times. Each round has a fresh broker, so no group or offset of an earlier round is in the way; the
 * workers' start-up is not measured: jobs are published once every worker is ready and the group is stable.
 */
final class ScaleOutBench {

    private final Path repo;
    private final Path work;
    private final PrintStream log;

    ScaleOutBench(Path repo, Path work, PrintStream log) {
        this.repo = repo;
        this.work = work;
        this.log = log;
    }

    /** The scenario's name for a service: {@code scale-out-<module>}. */
    static String scenario(WorkerGroup.Service service) {
        return "scale-out-" + service.module;
    }

    /**
     * One round: so many workers, the jobs' figures, and how the work was spread.
     *
     * @param workers             worker processes in the group
     * @param jobs                jobs submitted (and succeeded)
     * @param seconds             first publish to last terminal event
     * @param jobsPerMinute       jobs / seconds × 60
     * @param p50LatencyMs        median publish → terminal event
     * @param p95LatencyMs        95th percentile of the same
     * @param meanRunMs           mean JobStarted → terminal event: the Fabric run plus the worker's own calls and waits
     * @param fabricCallsPerJob   Fabric, Power BI and OneLake requests the emulator answered per job (tokens not counted)
     * @param eventsPerJob        records on {@code weft.job-events} per job (start, steps, progress, end)
     * @param eventBytesPerJob    their bytes per job: key, value and headers, as the broker stores them before compression
     * @param mostRunningAtOnce   the most jobs running at the same moment, from their start and end events
     * @param concurrencyCeiling  the most that could run at once: per worker, its workspaces (by its partitions) capped
     *                            by {@code weft.worker.max-concurrent-jobs}
     * @param workspacesPerWorker how many workspaces' commands each worker's partitions carry
     * @param predictedJobsPerMinute what the busiest worker allows: its jobs over its slots (its workspaces, at most
     *                            {@code max-concurrent-jobs}) times the mean run; measured / predicted is the overhead
     *                            of everything else (hand-offs, uneven lanes at the end)
     */
    record Round(int workers, int jobs, double seconds, double jobsPerMinute, long p50LatencyMs, long p95LatencyMs,
            long meanRunMs, double fabricCallsPerJob, double eventsPerJob, long eventBytesPerJob, int mostRunningAtOnce,
            int concurrencyCeiling, List<Integer> workspacesPerWorker, double predictedJobsPerMinute) {
    }

    /**
     * Runs one round per worker count and returns the scenario's result: the most workers' jobs/minute against one
     * worker's (or the smallest count given), every round in the details.
     */
    Bench.Result run(WorkerGroup.Service service, List<Integer> workerCounts, int workspaces, int jobsPerWorkspace, Duration jobDuration,
            int maxConcurrentJobs) throws Exception {
        Path serviceWork = Files.createDirectories(work.resolve(service.module));
        try (FabricEmulator emulator = FabricEmulator.start(EmulatorOptions.defaults().fast().port(0)
                .dataDirectory(Files.createTempDirectory(serviceWork, "emulator-")))) {
            emulator.admin().jobs().defaultBehaviour(JobBehaviour.completes(Duration.ZERO, jobDuration));
            emulator.admin().refreshes().defaultBehaviour(RefreshBehaviour.completes(Duration.ZERO, jobDuration));
            List<Target> targets = targets(emulator, service, workspaces);
            List<Round> rounds = new ArrayList<>();
            for (int workers : workerCounts.stream().sorted().toList()) {
                log.printf(Locale.ROOT, "%s: %d worker(s), %d jobs over %d workspaces, each Fabric run %d ms%n", scenario(service),
                        workers, workspaces * jobsPerWorkspace, workspaces, jobDuration.toMillis());
                Round round = round(service, emulator, targets, workers, jobsPerWorkspace, maxConcurrentJobs,
                        serviceWork.resolve("workers-" + workers));
                log.printf(Locale.ROOT, "  %.1f jobs/min, p95 %d ms, at most %d running at once (ceiling %d)%n",
                        round.jobsPerMinute(), round.p95LatencyMs(), round.mostRunningAtOnce(), round.concurrencyCeiling());
                rounds.add(round);
            }
            Round first = rounds.get(0);
            Round last = rounds.get(rounds.size() - 1);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("workspaces", workspaces);
            details.put("jobsPerWorkspace", jobsPerWorkspace);
            details.put("fabricRunMs", jobDuration.toMillis());
            details.put("maxConcurrentJobsPerWorker", maxConcurrentJobs);
            details.put("commandPartitions", WorkerGroup.partitions(repo, service.commandTopic));
            details.put("orderPerWorkspace", "kept in every round");
            details.put("rounds", rounds);
            return new Bench.Result(scenario(service) + " (" + workers(last.workers()) + ")", "jobs/min", last.jobsPerMinute(),
                    workers(first.workers()), first.jobsPerMinute(),
                    last.jobsPerMinute() / first.jobsPerMinute(), details);
        }
    }

    private static String workers(int n) {
        return n + (n == 1 ? " worker" : " workers");
    }

    /** The rounds of the results' scale-out scenarios as a Markdown table, or nothing when none ran. */
    static String table(List<Bench.Result> results) {
        StringBuilder out = new StringBuilder();
        for (Bench.Result result : results) {
            if (!(result.details().get("rounds") instanceof List<?> rounds)) {
                continue;
            }
            if (out.isEmpty()) {
                out.append("| scenario | workers | jobs | jobs/min | speed-up | p50 latency | p95 latency | most running at once |"
                        + " ceiling | workspaces per worker | predicted jobs/min | mean run | Fabric calls per job | events per job |\n"
                        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            }
            double base = ((Round) rounds.get(0)).jobsPerMinute();
            for (Object o : rounds) {
                Round r = (Round) o;
                out.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.2fx | %,d ms | %,d ms | %d | %d | %s | %.1f | %,d ms | %.1f | %.1f (%,d B) |%n",
                        result.scenario().replaceFirst(" \\(.*", ""), r.workers(), r.jobs(), r.jobsPerMinute(),
                        r.jobsPerMinute() / base, r.p50LatencyMs(), r.p95LatencyMs(), r.mostRunningAtOnce(),
                        r.concurrencyCeiling(), r.workspacesPerWorker(), r.predictedJobsPerMinute(), r.meanRunMs(),
                        r.fabricCallsPerJob(), r.eventsPerJob(), r.eventBytesPerJob()));
            }
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ one round

    private Round round(WorkerGroup.Service service, FabricEmulator emulator, List<Target> targets, int workers,
            int jobsPerWorkspace, int maxConcurrentJobs, Path roundWork) throws Exception {
        try (WorkerGroup group = WorkerGroup.start(repo, service, emulator, workers, roundWork,
                Map.of("WEFT_WORKER_MAX_CONCURRENT_JOBS", String.valueOf(maxConcurrentJobs)))) {
            return measure(service, group, emulator, targets, jobsPerWorkspace, maxConcurrentJobs, group.awaitStable());
        }
    }

    private Round measure(WorkerGroup.Service service, WorkerGroup group, FabricEmulator emulator, List<Target> targets,
            int jobsPerWorkspace, int maxConcurrentJobs, Map<String, Set<Integer>> assignment) {
        // Submission order: the k-th job of every workspace, then the (k+1)-th: each workspace's jobs in order.
        Map<String, Submitted> submitted = new LinkedHashMap<>();
        Map<String, Integer> partitionOfWorkspace = new HashMap<>();
        emulator.admin().clearRequests(); // the workers' start-up calls are not the jobs'
        try (TopicReader events = TopicReader.open(group.broker().bootstrapServers(), Topics.JOB_EVENTS);
                CommandPublisher publisher = new CommandPublisher(group.broker().bootstrapServers(), "/ci/bench")) {
            events.poll(); // joined before the first job, so no event is missed
            for (int k = 0; k < jobsPerWorkspace; k++) {
                for (Target target : targets) {
                    Command command = target.command(UUID.randomUUID().toString());
                    RecordMetadata published = publisher.publish(command);
                    submitted.put(command.jobId(), new Submitted(target.workspaceId(), k, Instant.ofEpochMilli(published.timestamp())));
                    partitionOfWorkspace.put(target.workspaceId(), published.partition());
                }
            }
            Duration timeout = Duration.ofMinutes(5).plusSeconds(submitted.size() * 10L);
            List<TopicReader.Received> received = events.awaitUntil(timeout, all -> {
                group.checkAlive();
                return WorkerGroup.terminal(all, submitted.keySet()).size() == submitted.size();
            });
            return figures(service, submitted, received, partitionOfWorkspace, assignment, maxConcurrentJobs,
                    emulator.admin().requests().size());
        }
    }

    private Round figures(WorkerGroup.Service service, Map<String, Submitted> submitted, List<TopicReader.Received> received,
            Map<String, Integer> partitionOfWorkspace, Map<String, Set<Integer>> assignment, int maxConcurrentJobs, int fabricCalls) {
        Map<String, JobEvent> ends = WorkerGroup.terminal(received, submitted.keySet());
        List<TopicReader.Received> ownEvents = received.stream().filter(r -> submitted.containsKey(r.key())).toList();
        Map<String, Instant> started = new HashMap<>();
        for (TopicReader.Received record : received) {
            if (record.message() instanceof JobStarted s && submitted.containsKey(s.jobId())) {
                started.merge(s.jobId(), s.occurredAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        List<String> failures = ends.values().stream().filter(e -> !(e instanceof JobSucceeded)).map(e -> e.jobId() + ": " + e).toList();
        if (!failures.isEmpty()) {
            throw new IllegalStateException(scenario(service) + ": jobs did not succeed: " + failures);
        }
        Map<String, Instant> ended = ends.values().stream().collect(Collectors.toMap(JobEvent::jobId, JobEvent::occurredAt));
        checkOrderPerWorkspace(submitted, started, ended);

        Instant firstPublish = submitted.values().stream().map(Submitted::publishedAt).min(Comparator.naturalOrder()).orElseThrow();
        Instant lastEnd = ended.values().stream().max(Comparator.naturalOrder()).orElseThrow();
        double seconds = Duration.between(firstPublish, lastEnd).toMillis() / 1000.0;
        List<Long> latencies = submitted.entrySet().stream()
                .map(e -> Duration.between(e.getValue().publishedAt(), ended.get(e.getKey())).toMillis()).sorted().toList();
        List<Integer> workspacesPerWorker = assignment.values().stream()
                .map(partitions -> (int) partitionOfWorkspace.values().stream().filter(partitions::contains).count())
                .sorted(Comparator.reverseOrder()).toList();
        int ceiling = workspacesPerWorker.stream().mapToInt(n -> Math.min(n, maxConcurrentJobs)).sum();
        long meanRunMs = Math.round(ended.entrySet().stream()
                .mapToLong(e -> Duration.between(started.get(e.getKey()), e.getValue()).toMillis()).average().orElseThrow());
        return new Round(assignment.size(), submitted.size(), seconds, submitted.size() / seconds * 60,
                Bench.percentile(latencies, 0.50), Bench.percentile(latencies, 0.95), meanRunMs, (double) fabricCalls / submitted.size(),
                (double) ownEvents.size() / submitted.size(), ownEvents.stream().mapToLong(ScaleOutBench::bytes).sum() / submitted.size(),
                mostAtOnce(started, ended), ceiling, workspacesPerWorker,
                predicted(workspacesPerWorker, submitted.size() / partitionOfWorkspace.size(), maxConcurrentJobs, meanRunMs));
    }

    /**
     * A workspace's jobs run one at a time in the order they were submitted: each started no earlier than the one
     * before it ended. Fails the scenario with the offending pair otherwise.
     */
    private static void checkOrderPerWorkspace(Map<String, Submitted> submitted, Map<String, Instant> started, Map<String, Instant> ended) {
        Map<String, TreeMap<Integer, String>> byWorkspace = new HashMap<>();
        submitted.forEach((jobId, s) -> byWorkspace.computeIfAbsent(s.workspaceId(), w -> new TreeMap<>()).put(s.index(), jobId));
        for (var workspace : byWorkspace.entrySet()) {
            String previous = null;
            for (String jobId : workspace.getValue().values()) {
                Instant start = started.get(jobId);
                if (start == null) {
                    throw new IllegalStateException("job " + jobId + " ended without a JobStarted event");
                }
                if (previous != null && start.isBefore(ended.get(previous))) {
                    throw new IllegalStateException("workspace " + workspace.getKey() + ": job " + jobId + " started at " + start
                            + ", before the job submitted ahead of it (" + previous + ") ended at " + ended.get(previous));
                }
                previous = jobId;
            }
        }
    }

    /** The most jobs running at one moment: a sweep over their start (+1) and end (−1) times, ends first on a tie. */
    private static int mostAtOnce(Map<String, Instant> started, Map<String, Instant> ended) {
        List<Map.Entry<Instant, Integer>> changes = new ArrayList<>();
        started.forEach((job, at) -> changes.add(Map.entry(at, +1)));
        ended.values().forEach(at -> changes.add(Map.entry(at, -1)));
        changes.sort(Map.Entry.<Instant, Integer>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        int running = 0;
        int most = 0;
        for (var change : changes) {
            running += change.getValue();
            most = Math.max(most, running);
        }
        return most;
    }

    /** Jobs per minute if the busiest worker's slots were never idle: its queue decides when the round ends. */
    private static double predicted(List<Integer> workspacesPerWorker, int jobsPerWorkspace, int slots, long meanRunMs) {
        double longest = workspacesPerWorker.stream().filter(n -> n > 0)
                .mapToDouble(n -> (double) n * jobsPerWorkspace / Math.min(n, slots) * meanRunMs).max().orElseThrow();
        int jobs = workspacesPerWorker.stream().mapToInt(Integer::intValue).sum() * jobsPerWorkspace;
        return jobs / longest * 60_000;
    }

    private static long bytes(TopicReader.Received record) {
        long headers = record.rawHeaders().stream().mapToLong(h -> h.name().length() + (h.value() == null ? 0 : h.value().length)).sum();
        return record.key().length() + (record.value() == null ? 0 : record.value().length) + headers;
    }

    // ------------------------------------------------------------------ Fabric

    /** A workspace and the item the scenario's jobs act on. */
    private record Target(WorkerGroup.Service service, String workspaceId, String itemId) {

        Command command(String jobId) {
            return switch (service) {
                case PROVISIONER -> new RunItemJob(jobId, workspaceId, itemId, null, ItemJobs.DATA_PIPELINE, null, List.of(), null,
                        Instant.now());
                case MODEL_DEPLOYER -> new RefreshSemanticModel(jobId, workspaceId, itemId, null, null, Instant.now());
            };
        }
    }

    /** A submitted job: its workspace, its place among that workspace's jobs, when the broker took it. */
    private record Submitted(String workspaceId, int index, Instant publishedAt) {
    }

    /** The workspaces, each with a pipeline (provisioner runs) or a semantic model (deployer refreshes). */
    private static List<Target> targets(FabricEmulator emulator, WorkerGroup.Service service, int workspaces) {
        List<Target> targets = new ArrayList<>();
        for (int i = 1; i <= workspaces; i++) {
            String workspaceId = emulator.admin().createWorkspace(String.format(Locale.ROOT, "Scale %02d", i));
            String itemId = switch (service) {
                case PROVISIONER -> emulator.admin().createItem(workspaceId, ItemJobs.DATA_PIPELINE, "nightly_load");
                case MODEL_DEPLOYER -> emulator.admin().createSemanticModel(workspaceId, "Sales", "Orders");
            };
            targets.add(new Target(service, workspaceId, itemId));
        }
        return targets;
    }
}
