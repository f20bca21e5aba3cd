package io.weft.bench;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Context;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.storage.common.ParallelTransferOptions;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.DataLakeServiceClient;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;
import com.azure.storage.file.datalake.models.ListPathsOptions;
import com.azure.storage.file.datalake.models.PathItem;
import io.weft.contracts.Topics;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.contracts.command.ScenarioManifest;
import io.weft.contracts.command.StagedArchive;
import io.weft.contracts.command.TableManifest;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepProgressed;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.support.staging.LocalDirectoryStagingStore;
import io.weft.testsupport.kafka.CommandPublisher;
import io.weft.testsupport.kafka.TopicReader;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * OneLake upload: the packaged provisioner (one process, {@link WorkerGroup}) runs a graph-scenario job whose staged
 * archive holds N CSV files of M MB, against the Fabric emulator's OneLake DFS endpoint; Weft's rate is the files'
 * bytes over the time between the {@code upload-files} step's started and succeeded events (the worker's own clock).
 * The reference, in the same run, against the same emulator: the Azure SDK's DataLake client
 * (azure-storage-file-datalake, over the JDK HTTP client, as fabric-client uses it) uploading the same files from disk
 * straight into the same lakehouse, with the same parallelism (files at once, blocks in flight per file, block size,
 * which the worker is given explicitly), timed around the uploads in this JVM, once before Weft's job and once after
 * it; the faster of the two is the reference.
 *
 * <p>Before either is measured, each does the same small warm-up (a job of two files of a little over two blocks; the
 * SDK uploading those two), so neither pays for its first connection, token or JIT alone. The scenario fails unless the job succeeded
 * and both directories hold every file at its size.
 */
final class OneLakeUploadBench {

    /** The provisioner's own defaults ({@code weft.fabric.upload.*}), given to it explicitly and used by the reference. */
    static final int PARALLEL_FILES = 4;
    static final int MAX_CONCURRENCY = 2;
    static final long BLOCK_SIZE = 4L << 20;

    /** The graph-scenario job's step that uploads the files (the provisioner's step names, as its events carry them). */
    private static final String UPLOAD_STEP = "upload-files";
    private static final String PREPARE_STEP = "prepare-lakehouse";
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(15);
    private static final long MB = 1_000_000;

    private final Path repo;
    private final Path work;
    private final PrintStream log;

    OneLakeUploadBench(Path repo, Path work, PrintStream log) {
        this.repo = repo;
        this.work = work;
        this.log = log;
    }

    /** Uploads {@code files} files of {@code fileMb} MB (10^6 bytes) each way; the result is Weft's MB/s against the SDK's. */
    Bench.Result run(int files, int fileMb) throws Exception {
        deleteRecursively(work);
        Files.createDirectories(work);
        // Above two blocks, so that both sides warm the path of a file in several appends, as the measured files take.
        List<Path> warmUp = csvFiles(work.resolve("warm-up"), "warm", 2, 2 * BLOCK_SIZE + MB);
        List<Path> sources = csvFiles(work.resolve("files"), "entity", files, fileMb * MB);
        long bytes = size(sources);
        log.printf(Locale.ROOT, "onelake-upload: %d files of %d MB (%,d bytes), %d files at once, %d blocks of %d MiB in flight each%n",
                files, fileMb, bytes, PARALLEL_FILES, MAX_CONCURRENCY, BLOCK_SIZE >> 20);
        try (FabricEmulator emulator = FabricEmulator.start(EmulatorOptions.defaults().fast().port(0)
                .dataDirectory(Files.createDirectories(work.resolve("emulator"))));
                WorkerGroup group = WorkerGroup.start(repo, WorkerGroup.Service.PROVISIONER, emulator, 1, work.resolve("worker"), Map.of(
                        "WEFT_FABRIC_UPLOAD_PARALLEL_FILES", String.valueOf(PARALLEL_FILES),
                        "WEFT_FABRIC_UPLOAD_MAX_CONCURRENCY", String.valueOf(MAX_CONCURRENCY),
                        "WEFT_FABRIC_UPLOAD_BLOCK_SIZE", String.valueOf(BLOCK_SIZE)));
                TopicReader events = TopicReader.open(group.broker().bootstrapServers(), Topics.JOB_EVENTS);
                CommandPublisher publisher = new CommandPublisher(group.broker().bootstrapServers(), "/ci/bench")) {
            events.poll(); // joined before the first job, so no event is missed
            String workspaceId = emulator.admin().createWorkspace("OneLake upload bench");
            LocalDirectoryStagingStore staging = new LocalDirectoryStagingStore(group.stagingDirectory());
            DataLakeFileSystemClient sdk = dataLake(emulator).getFileSystemClient(workspaceId);

            Job warmJob = job(group, events, publisher, staging, workspaceId, "warm_up", warmUp);
            String lakehouseId = (String) warmJob.outputs().get(PREPARE_STEP).get("lakehouseId");
            sdkUpload(sdk, lakehouseId + "/Files/sdk_warm_up", warmUp);

            // The reference before and after Weft's job, into two directories, and the faster of the two taken: neither
            // side gains from going second (a warmer emulator, a quieter machine).
            log.printf(Locale.ROOT, "  SDK direct ...%n");
            long sdkBefore = sdkUpload(sdk, lakehouseId + "/Files/sdk_direct_1", sources);
            log.printf(Locale.ROOT, "  Weft (graph-scenario job) ...%n");
            Job job = job(group, events, publisher, staging, workspaceId, "weft_upload", sources);
            log.printf(Locale.ROOT, "  SDK direct again ...%n");
            long sdkAfter = sdkUpload(sdk, lakehouseId + "/Files/sdk_direct_2", sources);
            long sdkNanos = Math.min(sdkBefore, sdkAfter);

            checkUploaded(sdk, lakehouseId + "/Files/sdk_direct_1", sources);
            checkUploaded(sdk, lakehouseId + "/Files/sdk_direct_2", sources);
            checkUploaded(sdk, lakehouseId + "/Files/weft_upload", sources);
            double sdkMbPerSecond = bytes / (double) MB / (sdkNanos / 1e9);
            long weftUploadMs = job.stepMs().get(UPLOAD_STEP);
            double weftMbPerSecond = bytes / (double) MB / (weftUploadMs / 1000.0);
            log.printf(Locale.ROOT, "  Weft %.1f MB/s (%,d ms), SDK direct %.1f MB/s (%,d ms)%n", weftMbPerSecond, weftUploadMs,
                    sdkMbPerSecond, sdkNanos / 1_000_000);

            Map<String, Object> details = new LinkedHashMap<>();
            details.put("files", files);
            details.put("fileMb", fileMb);
            details.put("bytes", bytes);
            details.put("parallelFiles", PARALLEL_FILES);
            details.put("maxConcurrencyPerFile", MAX_CONCURRENCY);
            details.put("blockSizeBytes", BLOCK_SIZE);
            details.put("weftUploadMs", weftUploadMs);
            details.put("sdkUploadMs", sdkNanos / 1_000_000);
            details.put("sdkUploadMsBeforeAndAfter", List.of(sdkBefore / 1_000_000, sdkAfter / 1_000_000));
            details.put("weftJobMs", job.jobMs());
            details.put("weftStepMs", job.stepMs());
            details.put("weftUploadProgressEvents", job.uploadProgressEvents());
            return new Bench.Result(String.format(Locale.ROOT, "onelake-upload (%d x %d MB)", files, fileMb), "MB/s", weftMbPerSecond,
                    "Azure SDK direct, same parallelism", sdkMbPerSecond, weftMbPerSecond / sdkMbPerSecond, details);
        } finally {
            deleteRecursively(work.resolve("files")); // the bytes, not the worker's log
            deleteRecursively(work.resolve("warm-up"));
            deleteRecursively(work.resolve("emulator"));
            deleteRecursively(work.resolve("worker").resolve("shared")); // staged archives, extracted files
        }
    }

    /**
     * A graph-scenario job's figures: each step's time (started to succeeded event), the job's (started to
     * succeeded), the outputs of its steps, and how many progress events its upload step sent.
     */
    record Job(Map<String, Long> stepMs, long jobMs, Map<String, Map<String, Object>> outputs, long uploadProgressEvents) {
    }

    /** Stages an archive of the files as the gateway does, publishes the job's command, and waits until it succeeded. */
    private Job job(WorkerGroup group, TopicReader events, CommandPublisher publisher, LocalDirectoryStagingStore staging,
            String workspaceId, String scenario, List<Path> files) throws IOException {
        Path tar = work.resolve(scenario + ".tar");
        List<TableManifest> tables = new ArrayList<>();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(new BufferedOutputStream(Files.newOutputStream(tar), 1 << 16))) {
            for (Path file : files) {
                String table = file.getFileName().toString().replace(".csv", "");
                String entry = "entities/" + table + ".csv";
                tables.add(new TableManifest(table, entry, List.of("id", "payload"), Files.size(file)));
                TarArchiveEntry header = new TarArchiveEntry(entry);
                header.setSize(Files.size(file));
                out.putArchiveEntry(header);
                Files.copy(file, out);
                out.closeArchiveEntry();
            }
        }
        StagedArchive staged;
        try (InputStream in = Files.newInputStream(tar)) {
            staged = staging.stage(in, scenario + ".tar");
        } finally {
            Files.delete(tar);
        }
        ProvisionGraphScenario command = new ProvisionGraphScenario(UUID.randomUUID().toString(), workspaceId, scenario,
                "bench_lh", "bench_ontology", staged, new ScenarioManifest(tables, size(files)), Instant.now());
        publisher.publish(command);
        List<TopicReader.Received> received = events.awaitUntil(JOB_TIMEOUT, all -> {
            group.checkAlive();
            return WorkerGroup.terminal(all, Set.of(command.jobId())).containsKey(command.jobId());
        });
        List<JobEvent> jobEvents = WorkerGroup.events(received, command.jobId());
        JobEvent end = WorkerGroup.terminal(received, Set.of(command.jobId())).get(command.jobId());
        if (!(end instanceof JobSucceeded succeeded)) {
            throw new IllegalStateException("onelake-upload: the graph-scenario job " + scenario + " did not succeed: " + end);
        }
        // The succeeding attempt's events only (a worker that restarted would have begun another).
        List<JobEvent> attempt = jobEvents.stream().filter(e -> e.attempt() == succeeded.attempt()).toList();
        Map<String, Instant> started = new HashMap<>();
        Map<String, Long> stepMs = new LinkedHashMap<>();
        Map<String, Map<String, Object>> outputs = new HashMap<>();
        Instant jobStarted = attempt.get(0).occurredAt();
        for (JobEvent event : attempt) {
            if (event instanceof StepStarted s) {
                started.put(s.step(), s.occurredAt());
            } else if (event instanceof StepSucceeded s) {
                stepMs.put(s.step(), Duration.between(started.get(s.step()), s.occurredAt()).toMillis());
                outputs.put(s.step(), s.output());
            }
        }
        if (!stepMs.containsKey(UPLOAD_STEP)) {
            throw new IllegalStateException("onelake-upload: the job " + scenario + " has no " + UPLOAD_STEP + " step: " + stepMs.keySet());
        }
        long progress = attempt.stream().filter(e -> e instanceof StepProgressed p && p.step().equals(UPLOAD_STEP)).count();
        return new Job(stepMs, Duration.between(jobStarted, succeeded.occurredAt()).toMillis(), outputs, progress);
    }

    // ------------------------------------------------------------------ the reference: the SDK straight to OneLake

    /** The DataLake client as fabric-client builds it: the emulator's endpoint, a client-secret credential, the JDK HTTP client. */
    private static DataLakeServiceClient dataLake(FabricEmulator emulator) {
        var http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(emulator.sslContext())).build();
        var credential = new ClientSecretCredentialBuilder().tenantId(emulator.tenantId()).clientId(emulator.clientId())
                .clientSecret(emulator.clientSecret()).authorityHost(emulator.authorityHost()).disableInstanceDiscovery()
                .httpClient(http).build();
        return new DataLakeServiceClientBuilder().endpoint(emulator.oneLakeUrl()).credential(credential).httpClient(http).buildClient();
    }

    /** Uploads the files under {@code directory}, {@link #PARALLEL_FILES} at once; returns the nanoseconds it took. */
    private static long sdkUpload(DataLakeFileSystemClient fileSystem, String directory, List<Path> files) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_FILES, files.size()));
        try {
            long begin = System.nanoTime();
            List<Future<?>> uploads = new ArrayList<>();
            for (Path file : files) {
                uploads.add(pool.submit(() -> fileSystem.getFileClient(directory + "/" + file.getFileName()).uploadFromFileWithResponse(
                        file.toString(), new ParallelTransferOptions().setBlockSizeLong(BLOCK_SIZE).setMaxSingleUploadSizeLong(BLOCK_SIZE)
                                .setMaxConcurrency(MAX_CONCURRENCY), null, null, null, null, Context.NONE)));
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
            return System.nanoTime() - begin;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Fails unless the directory holds every file, at its size. */
    private static void checkUploaded(DataLakeFileSystemClient fileSystem, String directory, List<Path> files) throws IOException {
        Map<String, Long> listed = new HashMap<>();
        for (PathItem item : fileSystem.listPaths(new ListPathsOptions().setPath(directory).setRecursive(true), null)) {
            listed.put(item.getName().substring(item.getName().lastIndexOf('/') + 1), item.getContentLength());
        }
        for (Path file : files) {
            Long size = listed.get(file.getFileName().toString());
            if (size == null || size != Files.size(file)) {
                throw new IllegalStateException("onelake-upload: " + directory + " holds " + file.getFileName() + " with " + size
                        + " bytes, not " + Files.size(file));
            }
        }
    }

    // ------------------------------------------------------------------ the files

    /** {@code count} CSV files ({@code id,payload}, random digits: incompressible, as real data mostly is) of about {@code bytes} each. */
    private static List<Path> csvFiles(Path directory, String prefix, int count, long bytes) throws IOException {
        Files.createDirectories(directory);
        Random random = new Random(42);
        byte[] payload = new byte[90];
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Path file = directory.resolve(String.format(Locale.ROOT, "%s_%02d.csv", prefix, i));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                out.write("id,payload\n".getBytes(StandardCharsets.US_ASCII));
                long written = 11;
                for (long row = 1; written < bytes; row++) {
                    byte[] id = (row + ",").getBytes(StandardCharsets.US_ASCII);
                    for (int k = 0; k < payload.length; k++) {
                        payload[k] = (byte) ('0' + random.nextInt(10));
                    }
                    out.write(id);
                    out.write(payload);
                    out.write('\n');
                    written += id.length + payload.length + 1;
                }
            }
            files.add(file);
        }
        return files;
    }

    private static long size(List<Path> files) throws IOException {
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        return total;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (var paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
