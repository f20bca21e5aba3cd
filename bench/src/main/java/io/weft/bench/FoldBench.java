package io.weft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.WeftMessage;
import io.weft.contracts.command.Command;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepProgressed;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;
import io.weft.testsupport.postgres.TestDatabase;
import io.weft.tracker.model.InputCategory;
import io.weft.tracker.model.JobInput;
import io.weft.tracker.service.JobProjector;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tracker's fold against PostgreSQL's raw batched rate. Weft: {@link JobProjector#apply} on decoded inputs,
 * one transaction per batch, as {@code FoldService} runs it for each Kafka poll. Reference: the same rows, in the
 * same batches, into the same PostgreSQL with plain JDBC: a batched insert of each input into a copy of
 * {@code job_input}, and a batched upsert per input of its job's row in a copy of {@code job}, then a commit.
 * The ratio is how close the fold comes to just writing what it receives.
 */
final class FoldBench {

    private static final ContractCodec CODEC = ContractCodec.get();
    private static final List<String> STEPS = List.of("fetch-archive", "upload-files", "load-tables", "apply-ontology");
    /** Inputs of a job besides its progress: command, JobStarted, each step's start and success, JobSucceeded. */
    private static final int FIXED_INPUTS = 3 + 2 * STEPS.size();

    private final int batch;
    private final PrintStream log;

    FoldBench(int batch, PrintStream log) {
        this.batch = batch;
        this.log = log;
    }

    /** Many jobs running at once: their inputs interleaved, so each batch brings a little of many jobs. */
    Bench.Result manyJobs(int jobs, int inputsPerJob) throws SQLException {
        if (inputsPerJob < FIXED_INPUTS) {
            throw new IllegalArgumentException("--events-per-job must be at least " + FIXED_INPUTS);
        }
        return measure("fold-many", jobs + " jobs x " + inputsPerJob + " inputs", scale -> {
            List<List<JobInput>> histories = new ArrayList<>();
            for (int j = 0; j < Math.max(1, jobs / scale); j++) {
                histories.add(job(UUID.randomUUID().toString(), STEPS, inputsPerJob - FIXED_INPUTS));
            }
            return interleave(histories);
        }, Math.max(1, jobs));
    }

    /** One job with a long history: a single step reporting progress many times. */
    Bench.Result oneJob(int progressEvents) throws SQLException {
        return measure("fold-one", "1 job x " + progressEvents + " progress events",
                scale -> job(UUID.randomUUID().toString(), List.of("upload-files"), Math.max(1, progressEvents / scale)), 1);
    }

    private interface Workload {
        /** The inputs, at 1/scale of the full size (scale 20: the warm-up). */
        List<JobInput> inputs(int scale);
    }

    private Bench.Result measure(String scenario, String size, Workload workload, int expectedJobs) throws SQLException {
        log.printf("%s: %s, %d inputs per transaction%n", scenario, size, batch);
        try (TestDatabase database = TestDatabase.create()) {
            Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password())
                    .locations("classpath:db/migration").load().migrate();
            try (Connection connection = database.connect()) {
                createReferenceTables(connection);
                connection.setAutoCommit(false);
                // Warm-up at a twentieth of the size, on other jobs: the JIT, the caches, the tables' first pages.
                List<JobInput> warmUp = workload.inputs(20);
                reference(connection, warmUp);
                weft(connection, warmUp, new JobProjector());
                truncate(connection);

                List<JobInput> inputs = workload.inputs(1);
                long referenceNanos = reference(connection, inputs);
                JobProjector projector = new JobProjector();
                long weftNanos = weft(connection, inputs, projector);
                int succeeded = succeededJobs(connection);
                if (succeeded != expectedJobs) {
                    throw new IllegalStateException(scenario + ": " + succeeded + " jobs succeeded, expected " + expectedJobs);
                }
                double weftRate = inputs.size() / (weftNanos / 1e9);
                double referenceRate = inputs.size() / (referenceNanos / 1e9);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("size", size);
                details.put("inputs", inputs.size());
                details.put("batch", batch);
                details.put("weftSeconds", weftNanos / 1e9);
                details.put("referenceSeconds", referenceNanos / 1e9);
                details.put("jobFoldsAdvanced", projector.counts().advanced());
                details.put("jobFoldsRefolded", projector.counts().refolded());
                details.put("jobFoldsFromMemory", projector.counts().kept());
                // What the capacity model needs: the tracker's tables (rows, TOAST, indexes) per job folded, as the
                // fold leaves them (every update of a job's row leaves a dead version until vacuumed) and live only
                // (after VACUUM FULL: what steady state holds, autovacuum reusing the dead versions' space).
                details.put("storageBytesPerJobBeforeVacuum", trackerTableBytes(connection) / expectedJobs);
                vacuumFull(connection);
                details.put("storageBytesPerJob", trackerTableBytes(connection) / expectedJobs);
                log.printf("%s: Weft %.0f inputs/s (%.2f s), reference %.0f/s (%.2f s); %d job folds advanced, %d refolded%n",
                        scenario, weftRate, weftNanos / 1e9, referenceRate, referenceNanos / 1e9,
                        projector.counts().advanced(), projector.counts().refolded());
                return new Bench.Result(scenario, "inputs/s", weftRate, "raw JDBC batched insert + upsert",
                        referenceRate, weftRate / referenceRate, details);
            }
        }
    }

    private long weft(Connection connection, List<JobInput> inputs, JobProjector projector) throws SQLException {
        long start = System.nanoTime();
        for (int from = 0; from < inputs.size(); from += batch) {
            projector.apply(connection, inputs.subList(from, Math.min(inputs.size(), from + batch)));
            connection.commit();
        }
        return System.nanoTime() - start;
    }

    private static void vacuumFull(Connection connection) throws SQLException {
        connection.setAutoCommit(true); // VACUUM cannot run inside a transaction
        try (Statement vacuum = connection.createStatement()) {
            vacuum.execute("VACUUM FULL job, job_step, job_input");
        } finally {
            connection.setAutoCommit(false);
        }
    }

    /** The tracker's own tables as stored, indexes and TOAST included (not the reference's copies). */
    private static long trackerTableBytes(Connection connection) throws SQLException {
        try (Statement query = connection.createStatement();
                ResultSet size = query.executeQuery("SELECT pg_total_relation_size('job') + pg_total_relation_size('job_step') + pg_total_relation_size('job_input')")) {
            size.next();
            return size.getLong(1);
        }
    }

    private static void createReferenceTables(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE ref_input (LIKE job_input INCLUDING ALL)");
            ddl.execute("CREATE TABLE ref_job (LIKE job INCLUDING ALL)");
        }
    }

    private static void truncate(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("TRUNCATE ref_input, ref_job, job_input, job_step, job");
        }
        connection.commit();
    }

    /** The same rows, same batches, plain JDBC: insert each input, upsert its job's row. */
    private long reference(Connection connection, List<JobInput> inputs) throws SQLException {
        long start = System.nanoTime();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO ref_input (job_id, dedup_key, category, ce_id, ce_type, topic, attempt, sequence,
                                       occurred_at, reason, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                ON CONFLICT (dedup_key) DO NOTHING""");
                PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO ref_job (job_id, lifecycle, progress_percent, created_at, last_event_at, change_seq,
                                     fingerprint)
                VALUES (?, 'RUNNING', ?, ?, ?, nextval('job_change_seq'), ?)
                ON CONFLICT (job_id) DO UPDATE SET
                    progress_percent = EXCLUDED.progress_percent, last_event_at = EXCLUDED.last_event_at,
                    change_seq = EXCLUDED.change_seq, fingerprint = EXCLUDED.fingerprint, updated_at = now()""")) {
            for (int from = 0; from < inputs.size(); from += batch) {
                for (JobInput input : inputs.subList(from, Math.min(inputs.size(), from + batch))) {
                    int i = 1;
                    insert.setString(i++, input.jobId());
                    insert.setString(i++, input.dedupKey());
                    insert.setString(i++, input.category().name());
                    insert.setString(i++, input.ceId());
                    insert.setString(i++, input.ceType());
                    insert.setString(i++, input.topic());
                    insert.setObject(i++, input.attempt());
                    insert.setObject(i++, input.sequence());
                    insert.setObject(i++, input.occurredAt().atOffset(ZoneOffset.UTC));
                    insert.setString(i++, input.reason());
                    insert.setString(i, input.data().toString());
                    insert.addBatch();
                    i = 1;
                    upsert.setString(i++, input.jobId());
                    upsert.setInt(i++, input.sequence() == null ? 0 : (int) (input.sequence() % 100));
                    upsert.setObject(i++, input.occurredAt().atOffset(ZoneOffset.UTC));
                    upsert.setObject(i++, input.occurredAt().atOffset(ZoneOffset.UTC));
                    upsert.setString(i, input.dedupKey());
                    upsert.addBatch();
                }
                insert.executeBatch();
                upsert.executeBatch();
                connection.commit();
            }
        }
        return System.nanoTime() - start;
    }

    private static int succeededJobs(Connection connection) throws SQLException {
        try (Statement query = connection.createStatement();
                ResultSet row = query.executeQuery("SELECT count(*) FROM job WHERE outcome = 'SUCCEEDED'")) {
            row.next();
            return row.getInt(1);
        }
    }

    /** One job's inputs in the order its worker produces them: progress spread over the steps. */
    static List<JobInput> job(String jobId, List<String> steps, int progressEvents) {
        List<JobInput> inputs = new ArrayList<>();
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        long attempt = t.toEpochMilli();
        long seq = 0;
        inputs.add(input(command(jobId, t)));
        inputs.add(input(new JobStarted(jobId, attempt, ++seq, t.plusMillis(seq), "graph-scenario", "ws", steps)));
        for (int s = 0; s < steps.size(); s++) {
            String step = steps.get(s);
            inputs.add(input(new StepStarted(jobId, attempt, ++seq, t.plusMillis(seq), step)));
            int progress = progressEvents / steps.size() + (s < progressEvents % steps.size() ? 1 : 0);
            for (int p = 1; p <= progress; p++) {
                inputs.add(input(new StepProgressed(jobId, attempt, ++seq, t.plusMillis(seq), step, p, progress,
                        "files", null, "file-" + p + ".csv")));
            }
            inputs.add(input(new StepSucceeded(jobId, attempt, ++seq, t.plusMillis(seq), step, Map.of("step", step))));
        }
        inputs.add(input(new JobSucceeded(jobId, attempt, ++seq, t.plusMillis(seq), Map.of("lakehouseId", "lh-1"))));
        return inputs;
    }

    private static List<JobInput> interleave(List<List<JobInput>> histories) {
        List<JobInput> all = new ArrayList<>();
        int longest = histories.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (List<JobInput> history : histories) {
                if (i < history.size()) {
                    all.add(history.get(i));
                }
            }
        }
        return all;
    }

    /** A graph-scenario command of the contract's example, for that job. */
    static WeftMessage command(String jobId, Instant at) {
        MessageType type = MessageType.PROVISION_GRAPH_SCENARIO;
        try (InputStream in = MessageType.class.getResourceAsStream("/io/weft/contracts/examples/" + type.ceType() + ".json")) {
            ObjectNode example = (ObjectNode) CODEC.mapper().readTree(in);
            example.put("jobId", jobId).put("workspace", "ws").put("requestedAt", at.toString());
            return CODEC.decode(type.ceType(), example.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The input the tracker's decoder makes of a message read from its topic. */
    private static JobInput input(WeftMessage message) {
        MessageType type = MessageType.of(message);
        JsonNode data = CODEC.mapper().valueToTree(message);
        String ceId = UUID.randomUUID().toString();
        if (Topics.JOB_EVENTS.equals(type.topic())) {
            JobEvent event = (JobEvent) message;
            return new JobInput(message.jobId(), InputCategory.EVENT, ceId, type.ceType(), type.topic(), event.attempt(),
                    event.sequence(), event.occurredAt(), null, data, message);
        }
        return new JobInput(message.jobId(), InputCategory.COMMAND, ceId, type.ceType(), type.topic(), null, null,
                ((Command) message).requestedAt(), null, data, message);
    }
}
