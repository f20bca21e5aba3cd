package io.weft.bench;

import io.weft.contracts.Topics;
import io.weft.contracts.command.RunItemJob;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.fabric.ItemJobs;
import io.weft.fabric.emulator.fabric.JobBehaviour;
import io.weft.testsupport.kafka.CommandPublisher;
import io.weft.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * Crash takeover: two packaged provisioners in one group ({@link WorkerGroup}), a pipeline run that takes
 * {@code runTime} in the emulator; once the job is waiting for its run (its {@code await-run} step started), the worker
 * whose partitions carry its workspace is killed (SIGKILL: no leave-group, no commit, no last event). The survivor
 * gets the partition when the coordinator has missed the dead member's heartbeats for the session timeout, is
 * redelivered the uncommitted command, and resumes the job: it re-attaches to the Fabric run the killed attempt
 * started (its instance URL is in the item-job checkpoint, on the workers' shared directory) and follows it to the end.
 *
 * <p>Measured from the events, against the moment of the kill (this JVM's clock; the workers' events carry theirs,
 * on the same machine): kill to the survivor's {@code JobStarted} (the takeover), to its re-attachment, and to the
 * job's end. The reference, measured in the same takeover, is what Kafka's group alone takes: kill to the group stable
 * again with the survivor holding every partition (the coordinator asked every 100 ms). It cannot be shorter than the
 * session timeout the workers are given ({@code weft.worker.group.session-timeout}, also reported): the coordinator
 * notices a silent member no sooner; above it come the heartbeat on which the survivor hears of the rebalance and the
 * rebalance itself. The ratio (at least 100 %) is the takeover over that: what lies above 100 % is Weft's own part,
 * the survivor's fetch of the uncommitted command and the start of its attempt.
 *
 * <p>Each takeover fails the scenario unless the job ended exactly once, SUCCEEDED, in two attempts (the killed one
 * unfinished), the survivor re-attached, and Fabric ran the pipeline once: no work done twice. Between takeovers the
 * job's offset is committed (else a later rebalance would redeliver the finished command) and a fresh worker joins,
 * so every kill leaves one survivor.
 */
final class TakeoverBench {

    /** The item job's steps (the provisioner's names, as its events carry them). */
    private static final String START_RUN = "start-run";
    private static final String AWAIT_RUN = "await-run";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** How often a worker heartbeats (the workers' default, given explicitly): how soon the survivor hears of a rebalance. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final Path repo;
    private final Path work;
    private final PrintStream log;

    TakeoverBench(Path repo, Path work, PrintStream log) {
        this.repo = repo;
        this.work = work;
        this.log = log;
    }

    /**
     * One takeover: its times from the kill.
     *
     * @param pickedUpMs   publish → the first (killed) worker's {@code JobStarted}: how long a worker takes to begin a
     *                     job it was given without a crash, to compare with the survivor's part of the takeover
     * @param reassignedMs kill → the group stable again with the survivor alone, holding every partition (the coordinator,
     *                     asked every 100 ms): what Kafka's group takes
     * @param resumedMs    kill → the survivor's {@code JobStarted} of its attempt
     * @param reattachedMs kill → the survivor's {@code start-run} succeeded, re-attached to the killed attempt's run
     * @param finishedMs   kill → {@code JobSucceeded}
     * @param runMs        the pipeline run's length in the emulator
     */
    record Takeover(long pickedUpMs, long reassignedMs, long resumedMs, long reattachedMs, long finishedMs, long runMs) {
    }

    Bench.Result run(int takeovers, Duration runTime, Duration sessionTimeout) throws Exception {
        log.printf(Locale.ROOT, "crash-takeover: %d kill(s) of the worker running a %d ms pipeline run, 2 workers, session timeout %d ms%n",
                takeovers, runTime.toMillis(), sessionTimeout.toMillis());
        Path scenarioWork = Files.createDirectories(work);
        try (FabricEmulator emulator = FabricEmulator.start(EmulatorOptions.defaults().fast().port(0)
                .dataDirectory(Files.createTempDirectory(scenarioWork, "emulator-")));
                WorkerGroup group = WorkerGroup.start(repo, WorkerGroup.Service.PROVISIONER, emulator, 2,
                        Files.createTempDirectory(scenarioWork, "workers-"),
                        Map.of("WEFT_WORKER_GROUP_SESSION_TIMEOUT", sessionTimeout.toMillis() + "ms",
                                "WEFT_WORKER_GROUP_HEARTBEAT_INTERVAL", HEARTBEAT.toMillis() + "ms"));
                TopicReader events = TopicReader.open(group.broker().bootstrapServers(), Topics.JOB_EVENTS);
                CommandPublisher publisher = new CommandPublisher(group.broker().bootstrapServers(), "/ci/bench")) {
            emulator.admin().jobs().defaultBehaviour(JobBehaviour.completes(Duration.ZERO, runTime));
            events.poll(); // joined before the first job, so no event is missed
            Map<String, String> pipelines = new LinkedHashMap<>(); // job id → pipeline
            List<Takeover> measured = new ArrayList<>();
            for (int k = 1; k <= takeovers; k++) {
                if (k > 1) {
                    group.add(); // two workers again, one to kill and one to survive
                }
                Map<String, Set<Integer>> assignment = group.awaitStable();
                String workspaceId = emulator.admin().createWorkspace(String.format(Locale.ROOT, "Takeover %02d", k));
                String pipelineId = emulator.admin().createItem(workspaceId, ItemJobs.DATA_PIPELINE, "nightly_load");
                RunItemJob command = new RunItemJob(UUID.randomUUID().toString(), workspaceId, pipelineId, null, ItemJobs.DATA_PIPELINE,
                        null, List.of(), null, Instant.now());
                pipelines.put(command.jobId(), pipelineId);
                RecordMetadata published = publisher.publish(command);
                String owner = assignment.entrySet().stream().filter(e -> e.getValue().contains(published.partition()))
                        .map(Map.Entry::getKey).findFirst().orElseThrow();

                events.awaitUntil(TIMEOUT, all -> {
                    group.checkAlive();
                    return WorkerGroup.events(all, command.jobId()).stream().anyMatch(e -> e instanceof StepStarted s && s.step().equals(AWAIT_RUN));
                });
                Instant killedAt = Instant.now();
                group.kill(owner);
                group.awaitStable();
                long reassignedMs = Duration.between(killedAt, Instant.now()).toMillis();
                List<TopicReader.Received> received = events.awaitUntil(TIMEOUT, all -> {
                    group.checkAlive();
                    return WorkerGroup.terminal(all, Set.of(command.jobId())).containsKey(command.jobId());
                });
                Takeover takeover = takeover(WorkerGroup.events(received, command.jobId()), Instant.ofEpochMilli(published.timestamp()),
                        killedAt, reassignedMs, runTime);
                log.printf(Locale.ROOT, "  %d: %s began the job %,d ms after its publish and was killed; the group gave the survivor its partitions %,d ms after the kill; the survivor"
                        + " resumed the job at %,d ms, re-attached at %,d ms, finished at %,d ms%n",
                        k, owner, takeover.pickedUpMs(), reassignedMs, takeover.resumedMs(), takeover.reattachedMs(), takeover.finishedMs());
                measured.add(takeover);
                // Committed before the group changes again: a rebalance would otherwise redeliver the finished command.
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                        .until(() -> group.committedOffset(published.partition()) > published.offset());
            }
            // No work done twice, over the whole run: each job ended once, and Fabric ran each pipeline once.
            List<TopicReader.Received> all = events.poll();
            for (var job : pipelines.entrySet()) {
                long ends = WorkerGroup.events(all, job.getKey()).stream().filter(WorkerGroup::isTerminal).count();
                int runs = emulator.admin().jobs().runCount(job.getValue());
                if (ends != 1 || runs != 1) {
                    throw new IllegalStateException("crash-takeover: job " + job.getKey() + " ended " + ends + " times and Fabric ran its pipeline "
                            + runs + " times (once each expected)");
                }
            }
            double meanResumedMs = measured.stream().mapToLong(Takeover::resumedMs).average().orElseThrow();
            double meanReassignedMs = measured.stream().mapToLong(Takeover::reassignedMs).average().orElseThrow();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("sessionTimeoutMs", sessionTimeout.toMillis());
            details.put("heartbeatIntervalMs", HEARTBEAT.toMillis());
            details.put("runMs", runTime.toMillis());
            details.put("meanReassignedMs", Math.round(meanReassignedMs));
            details.put("maxResumedMs", measured.stream().mapToLong(Takeover::resumedMs).max().orElseThrow());
            details.put("meanFinishedMs", Math.round(measured.stream().mapToLong(Takeover::finishedMs).average().orElseThrow()));
            details.put("duplicateWork", "none: every job ended once, SUCCEEDED, and Fabric ran each pipeline once");
            details.put("takeovers", measured);
            return new Bench.Result("crash-takeover (kill -9 -> survivor resumes)", "ms", meanResumedMs,
                    "kill -> group rebalanced (session timeout " + sessionTimeout.toMillis() + " ms)", meanReassignedMs,
                    meanResumedMs / meanReassignedMs, details);
        }
    }

    /**
     * The takeover's times, from the job's events; fails unless the job succeeded in two attempts (the killed one
     * unfinished, ended once) and the survivor re-attached to the run the killed attempt started.
     */
    private static Takeover takeover(List<JobEvent> events, Instant publishedAt, Instant killedAt, long reassignedMs,
            Duration runTime) {
        Map<Long, List<JobEvent>> attempts = events.stream().collect(Collectors.groupingBy(JobEvent::attempt, LinkedHashMap::new,
                Collectors.toList()));
        List<JobEvent> ends = events.stream().filter(WorkerGroup::isTerminal).toList();
        if (attempts.size() != 2 || ends.size() != 1 || !(ends.get(0) instanceof JobSucceeded succeeded)
                || attempts.values().iterator().next().stream().anyMatch(WorkerGroup::isTerminal)) {
            throw new IllegalStateException("crash-takeover: expected two attempts, the second ending SUCCEEDED and nothing else ending; got "
                    + events);
        }
        JobEvent pickedUp = attempts.values().iterator().next().get(0);
        List<JobEvent> survivor = new ArrayList<>(attempts.values()).get(1);
        JobStarted resumed = survivor.stream().filter(JobStarted.class::isInstance).map(JobStarted.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("crash-takeover: the survivor's attempt has no JobStarted: " + survivor));
        StepSucceeded reattached = survivor.stream().filter(e -> e instanceof StepSucceeded s && s.step().equals(START_RUN))
                .map(StepSucceeded.class::cast).findFirst().orElseThrow();
        if (!Boolean.TRUE.equals(reattached.output().get("reattached"))) {
            throw new IllegalStateException("crash-takeover: the survivor started another run instead of re-attaching: " + reattached);
        }
        return new Takeover(Duration.between(publishedAt, pickedUp.occurredAt()).toMillis(), reassignedMs,
                Duration.between(killedAt, resumed.occurredAt()).toMillis(),
                Duration.between(killedAt, reattached.occurredAt()).toMillis(),
                Duration.between(killedAt, succeeded.occurredAt()).toMillis(), runTime.toMillis());
    }
}
