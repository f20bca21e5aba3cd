package io.weft.tracker.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.WeftMessage;
import io.weft.tracker.model.ErrorInfo;
import io.weft.tracker.model.InputCategory;
import io.weft.tracker.model.JobInput;
import io.weft.tracker.model.JobStatus;
import io.weft.tracker.model.StepStatus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a batch of inputs inside the caller's transaction: appends them to the history (a redelivered one is
 * ignored by its key), folds what is new of each job into its stored fold state, and writes the projections
 * that changed. A job's new events that sort after everything folded are applied to the stored state alone,
 * so a batch costs the same however long the job's history is; anything else (an event that arrives out of
 * order, the command after the events, a dead letter, a cancel request, a job without stored state) refolds
 * that job from its whole history, which gives the same result. Every step is one statement or one JDBC batch
 * for the whole batch of inputs, not one per input. Plain JDBC on a given connection, so that it can be
 * exercised without the application around it.
 */
public final class JobProjector {

    /** Serialises writers across instances so that change sequences become visible in order (no SSE gaps). */
    private static final long WRITER_LOCK = 0x7765667454726BL;

    private final ObjectMapper mapper = ContractCodec.get().mapper();

    /** How the jobs of the last batch were folded; read by tests and the benchmark. */
    private final FoldCounts counts = new FoldCounts();

    /** Applies the inputs; returns the jobs whose status changed, in change order. */
    public List<JobChange> apply(Connection connection, List<JobInput> inputs) throws SQLException {
        if (inputs.isEmpty()) {
            return List.of();
        }
        lockWriters(connection);
        Map<String, List<JobInput>> fresh = append(connection, inputs);
        if (fresh.isEmpty()) {
            return List.of();
        }
        Map<String, Stored> stored = stored(connection, fresh.keySet());
        Map<String, JobFold.FoldState> folded = new LinkedHashMap<>();
        List<String> refold = new ArrayList<>();
        for (Map.Entry<String, List<JobInput>> job : fresh.entrySet()) {
            Stored before = stored.get(job.getKey());
            Optional<JobFold.FoldState> advanced = before == null || before.state() == null ? Optional.empty()
                    : JobFold.advance(before.state(), job.getValue());
            if (advanced.isPresent()) {
                folded.put(job.getKey(), advanced.get());
            } else {
                refold.add(job.getKey());
            }
        }
        counts.record(folded.size(), refold.size());
        Map<String, List<JobInput>> histories = histories(connection, refold);
        for (String jobId : refold) {
            JobFold.foldState(jobId, histories.getOrDefault(jobId, List.of())).ifPresent(state -> folded.put(jobId, state));
        }
        return write(connection, folded, stored, Set.copyOf(refold));
    }

    /** How many jobs the last {@link #apply} advanced from their stored state and how many it refolded. */
    public FoldCounts counts() {
        return counts;
    }

    /** Counts of how jobs were folded, since this projector was made. */
    public static final class FoldCounts {
        private long advanced;
        private long refolded;

        synchronized void record(int advancedJobs, int refoldedJobs) {
            advanced += advancedJobs;
            refolded += refoldedJobs;
        }

        /** Job folds that applied new inputs to the stored state. */
        public synchronized long advanced() {
            return advanced;
        }

        /** Job folds that read the whole history. */
        public synchronized long refolded() {
            return refolded;
        }
    }

    /** Holds off every other writer of the read model until the caller's transaction ends. */
    public static void lockWriters(Connection connection) throws SQLException {
        try (Statement lock = connection.createStatement()) {
            lock.execute("SELECT pg_advisory_xact_lock(" + WRITER_LOCK + ")");
        }
    }

    /** Appends the inputs in one statement; returns, per job, those that were new, in arrival order. */
    private Map<String, List<JobInput>> append(Connection connection, List<JobInput> inputs) throws SQLException {
        // The first copy of a key in the batch wins, as the store's key makes the first stored copy win.
        Map<String, JobInput> unique = new LinkedHashMap<>();
        inputs.forEach(input -> unique.putIfAbsent(input.dedupKey(), input));
        int n = unique.size();
        String[] jobIds = new String[n];
        String[] keys = new String[n];
        String[] categories = new String[n];
        String[] ceIds = new String[n];
        String[] ceTypes = new String[n];
        String[] topics = new String[n];
        Long[] attempts = new Long[n];
        Long[] sequences = new Long[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        String[] reasons = new String[n];
        String[] data = new String[n];
        int i = 0;
        for (Map.Entry<String, JobInput> entry : unique.entrySet()) {
            JobInput input = entry.getValue();
            jobIds[i] = input.jobId();
            keys[i] = entry.getKey();
            categories[i] = input.category().name();
            ceIds[i] = StoredText.clean(input.ceId(), 500);
            ceTypes[i] = StoredText.clean(input.ceType(), 500);
            topics[i] = input.topic();
            attempts[i] = input.attempt();
            sequences[i] = input.sequence();
            occurred[i] = input.occurredAt().atOffset(ZoneOffset.UTC);
            reasons[i] = StoredText.clean(input.reason(), 4_000);
            data[i] = StoredText.cleanJson(input.data().toString());
            i++;
        }
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO job_input (job_id, dedup_key, category, ce_id, ce_type, topic, attempt, sequence,
                                       occurred_at, reason, data)
                SELECT job_id, dedup_key, category, ce_id, ce_type, topic, attempt, sequence, occurred_at, reason,
                       data::jsonb
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[],
                            ?::bigint[], ?::timestamptz[], ?::text[], ?::text[]) WITH ORDINALITY
                     AS i(job_id, dedup_key, category, ce_id, ce_type, topic, attempt, sequence, occurred_at,
                          reason, data, position)
                ORDER BY position
                ON CONFLICT (dedup_key) DO NOTHING
                RETURNING dedup_key""")) {
            int p = 1;
            insert.setArray(p++, connection.createArrayOf("text", jobIds));
            insert.setArray(p++, connection.createArrayOf("text", keys));
            insert.setArray(p++, connection.createArrayOf("text", categories));
            insert.setArray(p++, connection.createArrayOf("text", ceIds));
            insert.setArray(p++, connection.createArrayOf("text", ceTypes));
            insert.setArray(p++, connection.createArrayOf("text", topics));
            insert.setArray(p++, connection.createArrayOf("int8", attempts));
            insert.setArray(p++, connection.createArrayOf("int8", sequences));
            insert.setArray(p++, connection.createArrayOf("timestamptz", occurred));
            insert.setArray(p++, connection.createArrayOf("text", reasons));
            insert.setArray(p, connection.createArrayOf("text", data));
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    inserted.add(rows.getString(1));
                }
            }
        }
        Map<String, List<JobInput>> fresh = new LinkedHashMap<>();
        for (Map.Entry<String, JobInput> entry : unique.entrySet()) {
            if (inserted.contains(entry.getKey())) {
                fresh.computeIfAbsent(entry.getValue().jobId(), id -> new ArrayList<>()).add(entry.getValue());
            }
        }
        return fresh;
    }

    /** A job's row as the last fold left it: its fold state (null before V4 or unreadable) and fingerprint. */
    private record Stored(JobFold.FoldState state, String fingerprint) {
    }

    private Map<String, Stored> stored(Connection connection, Collection<String> jobIds) throws SQLException {
        Map<String, Stored> stored = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT job_id, fold_state::text, fingerprint FROM job WHERE job_id = ANY(?)")) {
            select.setArray(1, connection.createArrayOf("text", jobIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getString(1), new Stored(readState(rows.getString(2)), rows.getString(3)));
                }
            }
        }
        return stored;
    }

    private JobFold.FoldState readState(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, JobFold.FoldState.class);
        } catch (JsonProcessingException e) {
            // Written by another version of the fold: the history is the truth, refold from it.
            return null;
        }
    }

    /** The histories of several jobs, each as appended, in one query. */
    private Map<String, List<JobInput>> histories(Connection connection, List<String> jobIds) throws SQLException {
        Map<String, List<JobInput>> histories = new HashMap<>();
        if (jobIds.isEmpty()) {
            return histories;
        }
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT job_id, category, ce_id, ce_type, topic, attempt, sequence, occurred_at, reason, data::text
                FROM job_input WHERE job_id = ANY(?) ORDER BY job_id, id""")) {
            select.setArray(1, connection.createArrayOf("text", jobIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String jobId = rows.getString("job_id");
                    histories.computeIfAbsent(jobId, id -> new ArrayList<>()).add(input(jobId, rows));
                }
            }
        }
        return histories;
    }

    /** Everything known of a job, as appended. */
    public List<JobInput> history(Connection connection, String jobId) throws SQLException {
        List<JobInput> inputs = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT category, ce_id, ce_type, topic, attempt, sequence, occurred_at, reason, data::text
                FROM job_input WHERE job_id = ? ORDER BY id""")) {
            select.setString(1, jobId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    inputs.add(input(jobId, rows));
                }
            }
        }
        return inputs;
    }

    private JobInput input(String jobId, ResultSet rows) throws SQLException {
        String ceType = rows.getString("ce_type");
        InputCategory category = InputCategory.valueOf(rows.getString("category"));
        JsonNode data = readTree(rows.getString("data"));
        return new JobInput(jobId, category, rows.getString("ce_id"), ceType, rows.getString("topic"),
                getLong(rows, "attempt"), getLong(rows, "sequence"),
                rows.getObject("occurred_at", OffsetDateTime.class).toInstant(), rows.getString("reason"), data,
                decode(category, ceType, data));
    }

    private WeftMessage decode(InputCategory category, String ceType, JsonNode data) {
        // Validated against its schema when it arrived; only the record is rebuilt here. A dead letter may
        // never have decoded: it is kept for its reason alone.
        Optional<MessageType> type = MessageType.ofCeType(ceType);
        try {
            if (type.isEmpty()) {
                throw new IllegalStateException("stored input of unknown type " + ceType);
            }
            return mapper.treeToValue(data, type.get().recordType());
        } catch (JsonProcessingException | RuntimeException e) {
            if (category == InputCategory.DEAD_LETTER) {
                return null;
            }
            throw new IllegalStateException("stored input of type " + ceType + " no longer decodes", e);
        }
    }

    /**
     * Writes the folded jobs whose projection changed (one batch of upserts, one of steps) and the fold state
     * of those whose projection did not; returns the changes in change order.
     */
    private List<JobChange> write(Connection connection, Map<String, JobFold.FoldState> folded,
            Map<String, Stored> stored, Set<String> refolded) throws SQLException {
        List<JobFold.FoldState> changed = new ArrayList<>();
        Map<String, String> states = new HashMap<>();
        Map<String, String> fingerprints = new HashMap<>();
        List<String> stateOnly = new ArrayList<>();
        for (JobFold.FoldState state : folded.values()) {
            String jobId = state.status().jobId();
            String fingerprint = fingerprint(state.status());
            Stored before = stored.get(jobId);
            states.put(jobId, json(state));
            if (before != null && fingerprint.equals(before.fingerprint())) {
                // Nothing shows, but what the next fold goes on from may have moved (an event after the outcome).
                if (before.state() == null || !sameBookkeeping(before.state(), state)) {
                    stateOnly.add(jobId);
                }
            } else {
                fingerprints.put(jobId, fingerprint);
                changed.add(state);
            }
        }
        List<JobChange> changes = upsertJobs(connection, changed, states, fingerprints);
        Set<String> written = new HashSet<>();
        changes.forEach(change -> written.add(change.jobId()));
        writeSteps(connection, changed.stream().filter(s -> written.contains(s.status().jobId())).toList(), stored,
                refolded);
        if (!stateOnly.isEmpty()) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE job SET fold_state = ?::jsonb WHERE job_id = ?")) {
                for (String jobId : stateOnly) {
                    update.setString(1, states.get(jobId));
                    update.setString(2, jobId);
                    update.addBatch();
                }
                update.executeBatch();
            }
        }
        changes.sort(java.util.Comparator.comparingLong(JobChange::changeSeq));
        return changes;
    }

    private static boolean sameBookkeeping(JobFold.FoldState a, JobFold.FoldState b) {
        return java.util.Objects.equals(a.lastAttempt(), b.lastAttempt())
                && java.util.Objects.equals(a.lastSequence(), b.lastSequence())
                && a.command() == b.command() && a.deadLetter() == b.deadLetter();
    }

    private List<JobChange> upsertJobs(Connection connection, List<JobFold.FoldState> changed, Map<String, String> states,
            Map<String, String> fingerprints) throws SQLException {
        List<JobChange> changes = new ArrayList<>();
        if (changed.isEmpty()) {
            return changes;
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO job (job_id, kind, workspace, lifecycle, outcome, attempt, attempt_number, attempts,
                                 current_step, progress_percent, request, request_summary, result, error_code,
                                 error_message, error_request_id, error_resource, error_retriable, failed_step,
                                 cancel_requested_at, cancel_reason, cancel_requested_by, created_at, started_at,
                                 finished_at, last_event_at, updated_at, change_seq, fingerprint, fold_state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb,
                        ?, ?, ?, ?, now(), nextval('job_change_seq'), ?, ?::jsonb)
                ON CONFLICT (job_id) DO UPDATE SET
                    kind = EXCLUDED.kind, workspace = EXCLUDED.workspace, lifecycle = EXCLUDED.lifecycle,
                    outcome = EXCLUDED.outcome, attempt = EXCLUDED.attempt, attempt_number = EXCLUDED.attempt_number,
                    attempts = EXCLUDED.attempts, current_step = EXCLUDED.current_step,
                    progress_percent = EXCLUDED.progress_percent, request = EXCLUDED.request,
                    request_summary = EXCLUDED.request_summary, result = EXCLUDED.result,
                    error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message,
                    error_request_id = EXCLUDED.error_request_id, error_resource = EXCLUDED.error_resource,
                    error_retriable = EXCLUDED.error_retriable, failed_step = EXCLUDED.failed_step,
                    cancel_requested_at = EXCLUDED.cancel_requested_at, cancel_reason = EXCLUDED.cancel_reason,
                    cancel_requested_by = EXCLUDED.cancel_requested_by,
                    created_at = EXCLUDED.created_at, started_at = EXCLUDED.started_at,
                    finished_at = EXCLUDED.finished_at, last_event_at = EXCLUDED.last_event_at, updated_at = now(), change_seq = EXCLUDED.change_seq,
                    fingerprint = EXCLUDED.fingerprint, fold_state = EXCLUDED.fold_state
                -- The fold already never reopens a job; this guard keeps it so whatever writes here.
                WHERE job.lifecycle <> 'COMPLETED' OR EXCLUDED.lifecycle = 'COMPLETED'
                """)) {
            for (JobFold.FoldState state : changed) {
                JobStatus job = state.status();
                int i = 1;
                upsert.setString(i++, job.jobId());
                upsert.setString(i++, job.kind());
                upsert.setString(i++, job.workspace());
                upsert.setString(i++, job.lifecycle().name());
                upsert.setString(i++, job.outcome() == null ? null : job.outcome().name());
                setLong(upsert, i++, job.attemptKey());
                if (job.attempts().isEmpty()) {
                    upsert.setNull(i++, Types.INTEGER);
                } else {
                    upsert.setInt(i++, job.attempts().size());
                }
                upsert.setString(i++, json(job.attempts()));
                upsert.setString(i++, job.currentStep());
                upsert.setInt(i++, job.progressPercent());
                upsert.setString(i++, json(job.request()));
                upsert.setString(i++, json(job.requestSummary()));
                upsert.setString(i++, json(job.result()));
                i = setError(upsert, i, job.error());
                upsert.setString(i++, job.failedStep());
                setInstant(upsert, i++, job.cancelRequest() == null ? null : job.cancelRequest().requestedAt());
                upsert.setString(i++, job.cancelRequest() == null ? null : job.cancelRequest().reason());
                upsert.setString(i++, job.cancelRequest() == null || job.cancelRequest().requestedBy() == null ? null
                        : json(job.cancelRequest().requestedBy()));
                setInstant(upsert, i++, job.createdAt());
                setInstant(upsert, i++, job.startedAt());
                setInstant(upsert, i++, job.finishedAt());
                setInstant(upsert, i++, job.lastEventAt());
                upsert.setString(i++, fingerprints.get(job.jobId()));
                upsert.setString(i, states.get(job.jobId()));
                upsert.addBatch();
            }
            // Not RETURNING: pgjdbc runs a batch that returns rows one statement per round trip. The update
            // counts say which rows the guard let through; their change sequences are read in one query (no
            // other writer can run meanwhile: the writer lock is held).
            int[] counts = upsert.executeBatch();
            List<String> written = new ArrayList<>();
            for (int k = 0; k < counts.length; k++) {
                if (counts[k] != 0) {
                    written.add(changed.get(k).status().jobId());
                }
            }
            if (!written.isEmpty()) {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT job_id, change_seq FROM job WHERE job_id = ANY(?)")) {
                    select.setArray(1, connection.createArrayOf("text", written.toArray()));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            changes.add(new JobChange(rows.getString(1), rows.getLong(2)));
                        }
                    }
                }
            }
        }
        return changes;
    }

    /**
     * Writes the steps of the written jobs: a refolded job's steps are replaced (a late event may have put a
     * step before the others); an advanced job's steps keep their places, and only those that changed are
     * upserted.
     */
    private void writeSteps(Connection connection, List<JobFold.FoldState> written, Map<String, Stored> stored,
            Set<String> refolded) throws SQLException {
        List<String> replaced = new ArrayList<>();
        List<StepRow> rows = new ArrayList<>();
        for (JobFold.FoldState state : written) {
            JobStatus job = state.status();
            Stored before = stored.get(job.jobId());
            if (refolded.contains(job.jobId()) || before == null || before.state() == null) {
                replaced.add(job.jobId());
                job.steps().forEach(step -> rows.add(new StepRow(job.jobId(), step)));
            } else {
                List<StepStatus> old = before.state().status().steps();
                for (StepStatus step : job.steps()) {
                    if (step.position() >= old.size() || !step.equals(old.get(step.position()))) {
                        rows.add(new StepRow(job.jobId(), step));
                    }
                }
            }
        }
        if (!replaced.isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM job_step WHERE job_id = ANY(?)")) {
                delete.setArray(1, connection.createArrayOf("text", replaced.toArray()));
                delete.executeUpdate();
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO job_step (job_id, position, name, state, attempts, done, total, unit, percent_complete,
                                      detail, started_at, finished_at, output, error_code, error_message,
                                      error_request_id, error_resource, error_retriable)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)
                ON CONFLICT (job_id, name) DO UPDATE SET
                    position = EXCLUDED.position, state = EXCLUDED.state, attempts = EXCLUDED.attempts,
                    done = EXCLUDED.done, total = EXCLUDED.total, unit = EXCLUDED.unit,
                    percent_complete = EXCLUDED.percent_complete, detail = EXCLUDED.detail,
                    started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, output = EXCLUDED.output,
                    error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message,
                    error_request_id = EXCLUDED.error_request_id, error_resource = EXCLUDED.error_resource,
                    error_retriable = EXCLUDED.error_retriable""")) {
            for (StepRow row : rows) {
                StepStatus step = row.step();
                int i = 1;
                insert.setString(i++, row.jobId());
                insert.setInt(i++, step.position());
                insert.setString(i++, step.name());
                insert.setString(i++, step.state().name());
                insert.setInt(i++, step.attempts());
                setLong(insert, i++, step.done());
                setLong(insert, i++, step.total());
                insert.setString(i++, step.unit());
                if (step.percentComplete() == null) {
                    insert.setNull(i++, Types.INTEGER);
                } else {
                    insert.setInt(i++, step.percentComplete());
                }
                insert.setString(i++, step.detail());
                setInstant(insert, i++, step.startedAt());
                setInstant(insert, i++, step.finishedAt());
                insert.setString(i++, json(step.output()));
                setError(insert, i, step.lastError());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private record StepRow(String jobId, StepStatus step) {
    }

    private static int setError(PreparedStatement statement, int i, ErrorInfo error) throws SQLException {
        statement.setString(i++, error == null ? null : error.code());
        statement.setString(i++, error == null ? null : error.message());
        statement.setString(i++, error == null ? null : error.requestId());
        statement.setString(i++, error == null ? null : error.resource());
        if (error == null || error.retriable() == null) {
            statement.setNull(i++, Types.BOOLEAN);
        } else {
            statement.setBoolean(i++, error.retriable());
        }
        return i;
    }

    private String fingerprint(JobStatus job) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(mapper.writeValueAsString(job).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint job " + job.jobId(), e);
        }
    }

    private String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored input is not JSON", e);
        }
    }

    static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, value.atOffset(java.time.ZoneOffset.UTC));
        }
    }

    static Long getLong(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    static Instant getInstant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
