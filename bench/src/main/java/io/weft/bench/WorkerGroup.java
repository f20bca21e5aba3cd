package io.weft.bench;

import io.weft.contracts.Topics;
import io.weft.contracts.event.JobCancelled;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobSucceeded;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.fabric.FabricEmulatorResource;
import io.weft.testsupport.kafka.KafkaBroker;
import io.weft.testsupport.kafka.TopicReader;
import io.weft.testsupport.kafka.TopicsFile;
import io.weft.testsupport.process.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * The packaged workers of one service ({@code target/quarkus-app/quarkus-run.jar}, as the local stack and the pods run
 * them) as processes of their own in one consumer group, against a fresh in-JVM broker (topics from
 * {@code deploy/topics/topics.conf}) and the Fabric emulator, configured by environment as {@code deploy/local/run.sh}
 * and the pods configure them. Each worker's group instance id is {@code <module>-worker-<n>}; their
 * {@code java.io.tmpdir} is one shared directory (staging, checkpoints), as a shared volume is. What the scenarios
 * that run workers share: starting them, waiting for a stable group, killing one, reading their jobs' ends.
 */
final class WorkerGroup implements AutoCloseable {

    static final Duration READY = Duration.ofMinutes(3);

    /**
     * A worker service: its module (jar; its consumer group is its application name, the same), its command topic.
     */
    enum Service {
        PROVISIONER("provisioner", Topics.PROVISION_COMMANDS),
        MODEL_DEPLOYER("model-deployer", Topics.DEPLOY_COMMANDS);

        final String module;
        final String commandTopic;

        Service(String module, String commandTopic) {
            this.module = module;
            this.commandTopic = commandTopic;
        }
    }

    private final Path repo;
    private final Service service;
    private final FabricEmulator emulator;
    private final Path work;
    private final Map<String, String> env;
    private final KafkaBroker broker;
    /** The running workers by group instance id, in start order (a killed one is no longer here). */
    private final Map<String, ServiceProcess> workers = new LinkedHashMap<>();
    private int started;

    private WorkerGroup(Path repo, Service service, FabricEmulator emulator, Path work, Map<String, String> env) {
        this.repo = repo;
        this.service = service;
        this.emulator = emulator;
        this.work = work;
        this.env = Map.copyOf(env);
        this.broker = KafkaBroker.start();
    }

    /**
     * A fresh broker and {@code count} workers, every one ready and the group stable with all of them in it.
     *
     * @param env more of the workers' environment (on top of Kafka, Fabric and the instance id), e.g.
     *            {@code WEFT_WORKER_MAX_CONCURRENT_JOBS}
     */
    static WorkerGroup start(Path repo, Service service, FabricEmulator emulator, int count, Path work, Map<String, String> env)
            throws IOException {
        WorkerGroup group = new WorkerGroup(repo, service, emulator, Files.createDirectories(work), env);
        try {
            TopicsFile.create(group.broker.bootstrapServers(), repo.resolve("deploy/topics/topics.conf"));
            for (int i = 0; i < count; i++) {
                group.launch();
            }
            group.workers.values().forEach(process -> process.awaitReady(READY));
            group.awaitStable();
            return group;
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    KafkaBroker broker() {
        return broker;
    }

    /** The workers' shared {@code java.io.tmpdir}. */
    Path shared() {
        return work.resolve("shared");
    }

    /** The workers' claim-check store ({@code weft.staging.local.directory}), where a gateway would stage archives. */
    Path stagingDirectory() {
        return shared().resolve("weft-staging");
    }

    /** The running workers by group instance id. */
    Map<String, ServiceProcess> workers() {
        return Map.copyOf(workers);
    }

    /** Starts one more worker, waits until it is ready and the group is stable with it; returns its instance id. */
    String add() throws IOException {
        String instanceId = launch();
        workers.get(instanceId).awaitReady(READY);
        awaitStable();
        return instanceId;
    }

    /** Kills a worker without a chance to clean up (SIGKILL), as a crash or the OOM killer would. */
    void kill(String instanceId) {
        ServiceProcess process = workers.remove(instanceId);
        if (process == null) {
            throw new IllegalArgumentException("no running worker " + instanceId);
        }
        process.kill();
    }

    /** Fails with the worker's log when one of the running workers has exited. */
    void checkAlive() {
        workers.forEach((instanceId, process) -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker " + instanceId + " exited with " + process.exitValue() + "; its log: "
                        + process.log());
            }
        });
    }

    /**
     * Waits until the group is stable with exactly the running workers in it and every command partition assigned
     * (a killed member counts until its session expired); returns the command partitions each holds, by instance id.
     */
    Map<String, Set<Integer>> awaitStable() {
        int partitions = partitions(repo, service.commandTopic);
        try (Admin admin = admin()) {
            return await().atMost(READY).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(service.module)).describedGroups()
                        .get(service.module).get(10, TimeUnit.SECONDS);
                if (group.groupState() != GroupState.STABLE) {
                    return Map.<String, Set<Integer>>of();
                }
                return group.members().stream().collect(Collectors.toMap(m -> m.groupInstanceId().orElse(m.consumerId()),
                        commandPartitions()));
            }, assignment -> assignment.keySet().equals(workers.keySet())
                    && assignment.values().stream().mapToInt(Set::size).sum() == partitions);
        }
    }

    /** The group's committed offset of a command partition (the next offset to read), or -1 when none is. */
    long committedOffset(int partition) throws Exception {
        try (Admin admin = admin()) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(service.module).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(new TopicPartition(service.commandTopic, partition));
            return committed == null ? -1 : committed.offset();
        }
    }

    /** Partitions of a topic, as {@code deploy/topics/topics.conf} defines them. */
    static int partitions(Path repo, String topic) {
        return TopicsFile.read(repo.resolve("deploy/topics/topics.conf")).stream().filter(t -> t.name().equals(topic))
                .findFirst().orElseThrow(() -> new IllegalStateException(topic + " is not in deploy/topics/topics.conf")).partitions();
    }

    @Override
    public void close() {
        try {
            for (ServiceProcess process : workers.values()) {
                try {
                    process.stop(Duration.ofSeconds(30));
                } catch (IllegalStateException notStoppedInTime) {
                    process.kill();
                }
            }
            workers.clear();
        } finally {
            broker.close();
        }
    }

    /** The terminal event of each of the jobs that has one (the first seen: a job ends once). */
    static Map<String, JobEvent> terminal(List<TopicReader.Received> received, Set<String> jobIds) {
        Map<String, JobEvent> ends = new HashMap<>();
        for (TopicReader.Received record : received) {
            if (jobIds.contains(record.key()) && record.message() instanceof JobEvent event && isTerminal(event)) {
                ends.putIfAbsent(event.jobId(), event);
            }
        }
        return ends;
    }

    /** One job's events, in the order the topic holds them. */
    static List<JobEvent> events(List<TopicReader.Received> received, String jobId) {
        return received.stream().filter(r -> jobId.equals(r.key())).map(TopicReader.Received::message)
                .filter(JobEvent.class::isInstance).map(JobEvent.class::cast).toList();
    }

    static boolean isTerminal(JobEvent event) {
        return event instanceof JobSucceeded || event instanceof JobFailed || event instanceof JobCancelled;
    }

    // ------------------------------------------------------------------ one worker

    /** Starts one worker, configured by environment as deploy/local/run.sh and the pods configure it. */
    private String launch() throws IOException {
        String instanceId = service.module + "-worker-" + ++started;
        Path shared = Files.createDirectories(shared());
        ServiceProcess.Builder builder = ServiceProcess.of(repo.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar"))
                .jvmOption("-Xmx256m").jvmOption("-Djava.io.tmpdir=" + shared).log(work.resolve("worker-" + started + ".log"));
        builder.env("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        FabricEmulatorResource.properties(emulator).forEach((property, value) -> builder.env(environmentName(property), value));
        builder.env("WEFT_STAGING_LOCAL_DIRECTORY", stagingDirectory().toString());
        builder.env("WEFT_WORKER_GROUP_INSTANCE_ID", instanceId);
        env.forEach(builder::env);
        workers.put(instanceId, builder.start());
        return instanceId;
    }

    /** A configuration property's environment variable, by MicroProfile Config's rule. */
    private static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private Function<MemberDescription, Set<Integer>> commandPartitions() {
        return member -> member.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(service.commandTopic))
                .map(TopicPartition::partition).collect(Collectors.toSet());
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }
}
