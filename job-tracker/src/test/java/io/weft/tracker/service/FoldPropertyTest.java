package io.weft.tracker.service;

import io.weft.testsupport.postgres.TestDatabase;
import io.weft.tracker.model.JobInput;
import io.weft.tracker.support.Scenario;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any arrival order of a job's inputs, with duplicates, in any split into batches, folds in the real
 * PostgreSQL to the same status as the ordered history in one batch; and while they arrive, the job never
 * moves back in its lifecycle nor changes outcome once completed. The batches are folded by two trackers taking
 * turns at random, and now and then a batch's transaction rolls back and the batch is applied again (as
 * FoldService retries it): the fold states a tracker keeps in memory are used only while they are the stored ones,
 * and the stored checkpoint with the inputs after it stands in for them otherwise. The fold state itself is not
 * compared (a checkpoint is stored only now and then), only what it projects.
 */
class FoldPropertyTest {

    private static TestDatabase database;
    /** One connection for all tries: opening one costs more than a whole fold. */
    private static Connection connection;
    /** A checkpoint of the fold state every third write, so that checkpoints lag behind the rows. */
    private final JobProjector projector = new JobProjector(JobProjector.DEFAULT_CACHED_JOBS, 3);
    /**
     * A second tracker taking turns with the first: each one's kept fold states go stale whenever the other
     * writes the job, so it goes on from the stored checkpoint and the inputs appended after it.
     */
    private final JobProjector other = new JobProjector(JobProjector.DEFAULT_CACHED_JOBS, 3);

    @BeforeContainer
    static void createDatabase() {
        database = TestDatabase.create();
        Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("classpath:db/migration").load().migrate();
        try {
            connection = database.connect();
            try (var statement = connection.createStatement()) {
                // Durability of each commit is not what this test is about; it only makes 200 tries slow.
                statement.execute("SET synchronous_commit = off");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterContainer
    static void dropDatabase() throws SQLException {
        if (connection != null) {
            connection.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Property(tries = 120)
    void anyPermutationWithDuplicatesFoldsLikeTheOrderedHistory(@ForAll long scenarioSeed, @ForAll long arrivalSeed,
            @ForAll @IntRange(min = 1, max = 6) int batches) throws SQLException {
        String jobId = UUID.randomUUID().toString();
        Scenario scenario = Scenario.generate(jobId, scenarioSeed);

        apply(List.of(scenario.inputs()));
        Projection ordered = projection(jobId);
        assertEnding(scenario.ending(), ordered);
        forget(jobId);

        Random random = new Random(arrivalSeed);
        List<JobInput> arrivals = new ArrayList<>(scenario.inputs());
        for (JobInput input : scenario.inputs()) {
            if (random.nextInt(3) == 0) {
                arrivals.add(redelivered(input, random));
            }
        }
        Collections.shuffle(arrivals, random);
        Projection previous = null;
        for (List<JobInput> batch : split(arrivals, batches, random)) {
            apply(List.of(batch), random, true);
            Projection now = projection(jobId);
            if (previous != null && now != null) {
                assertThat(rank(now.lifecycle())).as("lifecycle never moves back").isGreaterThanOrEqualTo(rank(previous.lifecycle()));
                if ("COMPLETED".equals(previous.lifecycle())) {
                    assertThat(now.outcome()).as("a completed job keeps its outcome").isEqualTo(previous.outcome());
                }
            }
            previous = now == null ? previous : now;
        }
        Projection shuffled = projection(jobId);
        assertThat(shuffled).isEqualTo(ordered);
        forget(jobId);
    }

    /**
     * Inputs arriving in the workers' order (with redeliveries, and now and then one arriving late) in any
     * split into batches: the projector applies them to the stored state instead of refolding the history,
     * except for the late ones, and ends where one fold of the whole history ends.
     */
    @Property(tries = 80)
    void inOrderArrivalsAdvanceTheStoredStateAndEndLikeTheWholeHistory(@ForAll long scenarioSeed,
            @ForAll long arrivalSeed, @ForAll @IntRange(min = 2, max = 12) int batches,
            @ForAll boolean someLate) throws SQLException {
        String jobId = UUID.randomUUID().toString();
        Scenario scenario = Scenario.generate(jobId, scenarioSeed);
        apply(List.of(scenario.inputs()));
        Projection whole = projection(jobId);
        forget(jobId);

        Random random = new Random(arrivalSeed);
        List<JobInput> arrivals = new ArrayList<>();
        for (JobInput input : scenario.inputs()) {
            arrivals.add(input);
            if (random.nextInt(4) == 0) {
                arrivals.add(redelivered(input, random));
            }
        }
        if (someLate && arrivals.size() > 2) {
            int from = random.nextInt(arrivals.size() - 1);
            arrivals.add(from + 1 + random.nextInt(arrivals.size() - from - 1), arrivals.remove(from));
        }
        long advancedBefore = advanced();
        List<List<JobInput>> split = consecutive(arrivals, batches, random);
        apply(split, random, false);
        assertThat(projection(jobId)).isEqualTo(whole);
        if (!someLate) {
            assertThat(advanced() - advancedBefore)
                    .as("every batch bringing only new in-order events to a known job is applied to its stored state")
                    .isEqualTo(advanceableBatches(split));
        }
        forget(jobId);
    }

    /** Batches whose new inputs are all events, for a job already known (its command or an event folded). */
    private static long advanceableBatches(List<List<JobInput>> batches) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        boolean known = false;
        long count = 0;
        for (List<JobInput> batch : batches) {
            List<JobInput> fresh = batch.stream().filter(i -> seen.add(i.dedupKey())).toList();
            if (known && !fresh.isEmpty() && fresh.stream().allMatch(i -> i.category() == io.weft.tracker.model.InputCategory.EVENT)) {
                count++;
            }
            known = known || fresh.stream().anyMatch(i -> i.category() != io.weft.tracker.model.InputCategory.CANCEL);
        }
        return count;
    }

    /** The inputs cut into consecutive runs (some perhaps empty), order kept. */
    private static List<List<JobInput>> consecutive(List<JobInput> inputs, int batches, Random random) {
        List<Integer> cuts = new ArrayList<>();
        for (int i = 1; i < batches; i++) {
            cuts.add(random.nextInt(inputs.size() + 1));
        }
        Collections.sort(cuts);
        List<List<JobInput>> split = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            split.add(new ArrayList<>(inputs.subList(from, cut)));
            from = cut;
        }
        split.add(new ArrayList<>(inputs.subList(from, inputs.size())));
        return split;
    }

    private static void assertEnding(Scenario.Ending ending, Projection job) {
        switch (ending) {
            case SUCCEEDED -> {
                assertThat(job.outcome()).isEqualTo("SUCCEEDED");
                assertThat(job.job()).contains("\"progress_percent\": 100");
            }
            case FAILED -> assertThat(job.outcome()).isEqualTo("FAILED");
            case TIMED_OUT -> assertThat(job.outcome()).isEqualTo("TIMED_OUT");
            case CANCELLED -> assertThat(job.outcome()).isEqualTo("CANCELLED");
            case DEAD_LETTER -> {
                assertThat(job.outcome()).isEqualTo("FAILED");
                assertThat(job.job()).contains("\"error_code\": \"CommandRejected\"", "archive checksum mismatch");
            }
            case NONE -> assertThat(job.lifecycle()).isEqualTo("RUNNING");
        }
    }

    /** The same input delivered again: the same (attempt, sequence), and for events a different CloudEvent id. */
    private static JobInput redelivered(JobInput input, Random random) {
        String ceId = random.nextBoolean() ? input.ceId() : UUID.randomUUID().toString();
        return new JobInput(input.jobId(), input.category(), input.category() == io.weft.tracker.model.InputCategory.CANCEL
                ? input.ceId() : ceId, input.ceType(), input.topic(), input.attempt(), input.sequence(),
                input.occurredAt(), input.reason(), input.data(), input.message());
    }

    private static List<List<JobInput>> split(List<JobInput> inputs, int batches, Random random) {
        List<List<JobInput>> split = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            split.add(new ArrayList<>());
        }
        for (JobInput input : inputs) {
            split.get(random.nextInt(batches)).add(input);
        }
        return split;
    }

    private static int rank(String lifecycle) {
        return List.of("QUEUED", "RUNNING", "COMPLETED").indexOf(lifecycle);
    }

    private long advanced() {
        return projector.counts().advanced() + other.counts().advanced();
    }

    private void apply(List<List<JobInput>> batches) throws SQLException {
        apply(batches, null, false);
    }

    /** Applies each batch in its own transaction: by the first tracker, or (given a random) by either. */
    private void apply(List<List<JobInput>> batches, Random random, boolean rollbacks) throws SQLException {
        connection.setAutoCommit(false);
        try {
            for (List<JobInput> batch : batches) {
                JobProjector writer = random == null || random.nextBoolean() ? projector : other;
                if (rollbacks && random.nextInt(4) == 0) {
                    writer.apply(connection, batch);
                    connection.rollback();
                }
                writer.apply(connection, batch);
                connection.commit();
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    record Projection(String lifecycle, String outcome, String job, String steps) {
    }

    private Projection projection(String jobId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                        SELECT j.lifecycle, j.outcome,
                               (to_jsonb(j) - 'updated_at' - 'change_seq' - 'fingerprint' - 'fold_version' - 'fold_state'
                                - 'fold_input_id')::text,
                               (SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.position), '[]'::jsonb)::text
                                  FROM job_step s WHERE s.job_id = j.job_id)
                        FROM job j WHERE j.job_id = ?""")) {
            select.setString(1, jobId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new Projection(row.getString(1), row.getString(2), row.getString(3), row.getString(4)) : null;
            }
        }
    }

    private void forget(String jobId) throws SQLException {
        try (PreparedStatement inputs = connection.prepareStatement("DELETE FROM job_input WHERE job_id = ?");
                PreparedStatement job = connection.prepareStatement("DELETE FROM job WHERE job_id = ?")) {
            inputs.setString(1, jobId);
            inputs.executeUpdate();
            job.setString(1, jobId);
            job.executeUpdate();
        }
    }
}
