package io.weft.tracker.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.WeftMessage;
import io.weft.tracker.model.CancelRequest;
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
import java.time.Instant;
import java.time.OffsetDateTime;
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
 * that job from its whole history, which gives the same result. Every step is one statement for the whole batch
 * of inputs (rows bound as arrays and expanded by {@code unnest}), not one per input or per job. The states this
 * projector wrote are kept in memory ({@link FoldStateCache}) with the version stored beside each, so the stored
 * state is read and parsed only when another writer has written the job since. Plain JDBC on a given connection,
 * so that it can be exercised without the application around it.
 */
public final class JobProjector {

    /** Serialises writers across instances so that change sequences become visible in order (no SSE gaps). */
    private static final long WRITER_LOCK = 0x7765667454726BL;

    /** Jobs whose fold state is kept in memory when no capacity is given: a busy tracker's running jobs. */
    public static final int DEFAULT_CACHED_JOBS = 5_000;

    private final ObjectMapper mapper = ContractCodec.get().mapper();

    private final FoldStateCache cache;

    /** How the jobs of the last batch were folded; read by tests and the benchmark. */
    private final FoldCounts counts = new FoldCounts();

    public JobProjector() {
        this(DEFAULT_CACHED_JOBS);
    }

    /** @param cachedJobs how many jobs' fold states to keep in memory between batches (0: read every one) */
    public JobProjector(int cachedJobs) {
        this.cache = new FoldStateCache(cachedJobs);
    }

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
        ArrayColumns rows = new ArrayColumns(unique.size());
        Object[] jobIds = rows.column("text");
        Object[] keys = rows.column("text");
        Object[] categories = rows.column("text");
        Object[] ceIds = rows.column("text");
        Object[] ceTypes = rows.column("text");
        Object[] topics = rows.column("text");
        Object[] attempts = rows.column("int8");
        Object[] sequences = rows.column("int8");
        Object[] occurred = rows.column("timestamptz");
        Object[] reasons = rows.column("text");
        Object[] data = rows.column("text");
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
            occurred[i] = ArrayColumns.timestamp(input.occurredAt());
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
            rows.bind(connection, insert, 1);
            try (ResultSet stored = insert.executeQuery()) {
                while (stored.next()) {
                    inserted.add(stored.getString(1));
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

    /**
     * The stored rows of the jobs; a job's fold state comes from the cache when the stored version is the cached
     * one, and is read from its column (and parsed) only otherwise.
     */
    private Map<String, Stored> stored(Connection connection, Collection<String> jobIds) throws SQLException {
        Map<String, FoldStateCache.Entry> cached = cache.get(jobIds);
        String[] cachedIds = cached.keySet().toArray(String[]::new);
        Long[] cachedVersions = new Long[cachedIds.length];
        for (int i = 0; i < cachedIds.length; i++) {
            cachedVersions[i] = cached.get(cachedIds[i]).version();
        }
        Map<String, Stored> stored = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT j.job_id, j.fingerprint, coalesce(j.fold_version = c.version, false) AS cached,
                       CASE WHEN j.fold_version = c.version THEN NULL ELSE j.fold_state::text END AS fold_state
                FROM job j LEFT JOIN unnest(?::text[], ?::bigint[]) AS c(job_id, version) ON c.job_id = j.job_id
                WHERE j.job_id = ANY(?)""")) {
            select.setArray(1, connection.createArrayOf("text", cachedIds));
            select.setArray(2, connection.createArrayOf("int8", cachedVersions));
            select.setArray(3, connection.createArrayOf("text", jobIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String jobId = rows.getString("job_id");
                    JobFold.FoldState state = rows.getBoolean("cached") ? cached.get(jobId).state()
                            : readState(rows.getString("fold_state"));
                    stored.put(jobId, new Stored(state, rows.getString("fingerprint")));
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
        updateStates(connection, stateOnly, states, folded);
        changes.sort(java.util.Comparator.comparingLong(JobChange::changeSeq));
        return changes;
    }

    /** Stores the fold state alone of jobs whose projection did not change. */
    private void updateStates(Connection connection, List<String> jobIds, Map<String, String> states,
            Map<String, JobFold.FoldState> folded) throws SQLException {
        if (jobIds.isEmpty()) {
            return;
        }
        ArrayColumns rows = new ArrayColumns(jobIds.size());
        Object[] ids = rows.column("text");
        Object[] jsons = rows.column("text");
        for (int i = 0; i < jobIds.size(); i++) {
            ids[i] = jobIds.get(i);
            jsons[i] = states.get(jobIds.get(i));
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE job SET fold_state = u.fold_state::jsonb, fold_version = nextval('job_fold_version_seq')
                FROM unnest(?::text[], ?::text[]) AS u(job_id, fold_state)
                WHERE job.job_id = u.job_id
                RETURNING job.job_id, job.fold_version""")) {
            rows.bind(connection, update, 1);
            try (ResultSet updated = update.executeQuery()) {
                while (updated.next()) {
                    String jobId = updated.getString(1);
                    cache.put(jobId, updated.getLong(2), folded.get(jobId));
                }
            }
        }
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
        ArrayColumns rows = new ArrayColumns(changed.size());
        Object[] jobId = rows.column("text");
        Object[] kind = rows.column("text");
        Object[] workspace = rows.column("text");
        Object[] lifecycle = rows.column("text");
        Object[] outcome = rows.column("text");
        Object[] attempt = rows.column("int8");
        Object[] attemptNumber = rows.column("int4");
        Object[] attempts = rows.column("text");
        Object[] currentStep = rows.column("text");
        Object[] progressPercent = rows.column("int4");
        Object[] request = rows.column("text");
        Object[] requestSummary = rows.column("text");
        Object[] result = rows.column("text");
        ErrorColumns error = new ErrorColumns(rows);
        Object[] failedStep = rows.column("text");
        Object[] cancelRequestedAt = rows.column("timestamptz");
        Object[] cancelReason = rows.column("text");
        Object[] cancelRequestedBy = rows.column("text");
        Object[] createdAt = rows.column("timestamptz");
        Object[] startedAt = rows.column("timestamptz");
        Object[] finishedAt = rows.column("timestamptz");
        Object[] lastEventAt = rows.column("timestamptz");
        Object[] fingerprint = rows.column("text");
        Object[] foldState = rows.column("text");
        for (int i = 0; i < changed.size(); i++) {
            JobStatus job = changed.get(i).status();
            jobId[i] = job.jobId();
            kind[i] = job.kind();
            workspace[i] = job.workspace();
            lifecycle[i] = job.lifecycle().name();
            outcome[i] = job.outcome() == null ? null : job.outcome().name();
            attempt[i] = job.attemptKey();
            attemptNumber[i] = job.attempts().isEmpty() ? null : job.attempts().size();
            attempts[i] = json(job.attempts());
            currentStep[i] = job.currentStep();
            progressPercent[i] = job.progressPercent();
            request[i] = json(job.request());
            requestSummary[i] = json(job.requestSummary());
            result[i] = json(job.result());
            error.set(i, job.error());
            failedStep[i] = job.failedStep();
            CancelRequest cancel = job.cancelRequest();
            cancelRequestedAt[i] = cancel == null ? null : ArrayColumns.timestamp(cancel.requestedAt());
            cancelReason[i] = cancel == null ? null : cancel.reason();
            cancelRequestedBy[i] = cancel == null || cancel.requestedBy() == null ? null : json(cancel.requestedBy());
            createdAt[i] = ArrayColumns.timestamp(job.createdAt());
            startedAt[i] = ArrayColumns.timestamp(job.startedAt());
            finishedAt[i] = ArrayColumns.timestamp(job.finishedAt());
            lastEventAt[i] = ArrayColumns.timestamp(job.lastEventAt());
            fingerprint[i] = fingerprints.get(job.jobId());
            foldState[i] = states.get(job.jobId());
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO job (job_id, kind, workspace, lifecycle, outcome, attempt, attempt_number, attempts,
                                 current_step, progress_percent, request, request_summary, result, error_code,
                                 error_message, error_request_id, error_resource, error_retriable, failed_step,
                                 cancel_requested_at, cancel_reason, cancel_requested_by, created_at, started_at,
                                 finished_at, last_event_at, updated_at, change_seq, fingerprint, fold_state,
                                 fold_version)
                SELECT job_id, kind, workspace, lifecycle, outcome, attempt, attempt_number, attempts::jsonb,
                       current_step, progress_percent, request::jsonb, request_summary::jsonb, result::jsonb,
                       error_code, error_message, error_request_id, error_resource, error_retriable, failed_step,
                       cancel_requested_at, cancel_reason, cancel_requested_by::jsonb, created_at, started_at,
                       finished_at, last_event_at, now(), nextval('job_change_seq'), fingerprint, fold_state::jsonb,
                       nextval('job_fold_version_seq')
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[],
                            ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::boolean[], ?::text[], ?::timestamptz[], ?::text[], ?::text[],
                            ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::text[],
                            ?::text[]) WITH ORDINALITY
                     AS r(job_id, kind, workspace, lifecycle, outcome, attempt, attempt_number, attempts,
                          current_step, progress_percent, request, request_summary, result, error_code,
                          error_message, error_request_id, error_resource, error_retriable, failed_step,
                          cancel_requested_at, cancel_reason, cancel_requested_by, created_at, started_at,
                          finished_at, last_event_at, fingerprint, fold_state, position)
                ORDER BY position
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
                    finished_at = EXCLUDED.finished_at, last_event_at = EXCLUDED.last_event_at, updated_at = now(),
                    change_seq = EXCLUDED.change_seq, fingerprint = EXCLUDED.fingerprint,
                    fold_state = EXCLUDED.fold_state, fold_version = EXCLUDED.fold_version
                -- The fold already never reopens a job; this guard keeps it so whatever writes here.
                WHERE job.lifecycle <> 'COMPLETED' OR EXCLUDED.lifecycle = 'COMPLETED'
                RETURNING job_id, change_seq, fold_version""")) {
            rows.bind(connection, upsert, 1);
            Map<String, JobFold.FoldState> byId = new HashMap<>();
            changed.forEach(state -> byId.put(state.status().jobId(), state));
            // The rows the guard let through come back; the others keep their stored state and version.
            try (ResultSet written = upsert.executeQuery()) {
                while (written.next()) {
                    String id = written.getString(1);
                    changes.add(new JobChange(id, written.getLong(2)));
                    cache.put(id, written.getLong(3), byId.get(id));
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
        ArrayColumns columns = new ArrayColumns(rows.size());
        Object[] jobId = columns.column("text");
        Object[] position = columns.column("int4");
        Object[] name = columns.column("text");
        Object[] state = columns.column("text");
        Object[] attempts = columns.column("int4");
        Object[] done = columns.column("int8");
        Object[] total = columns.column("int8");
        Object[] unit = columns.column("text");
        Object[] percentComplete = columns.column("int4");
        Object[] detail = columns.column("text");
        Object[] startedAt = columns.column("timestamptz");
        Object[] finishedAt = columns.column("timestamptz");
        Object[] output = columns.column("text");
        ErrorColumns error = new ErrorColumns(columns);
        for (int i = 0; i < rows.size(); i++) {
            StepStatus step = rows.get(i).step();
            jobId[i] = rows.get(i).jobId();
            position[i] = step.position();
            name[i] = step.name();
            state[i] = step.state().name();
            attempts[i] = step.attempts();
            done[i] = step.done();
            total[i] = step.total();
            unit[i] = step.unit();
            percentComplete[i] = step.percentComplete();
            detail[i] = step.detail();
            startedAt[i] = ArrayColumns.timestamp(step.startedAt());
            finishedAt[i] = ArrayColumns.timestamp(step.finishedAt());
            output[i] = json(step.output());
            error.set(i, step.lastError());
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO job_step (job_id, position, name, state, attempts, done, total, unit, percent_complete,
                                      detail, started_at, finished_at, output, error_code, error_message,
                                      error_request_id, error_resource, error_retriable)
                SELECT job_id, position, name, state, attempts, done, total, unit, percent_complete, detail,
                       started_at, finished_at, output::jsonb, error_code, error_message, error_request_id,
                       error_resource, error_retriable
                FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::int[], ?::bigint[], ?::bigint[],
                            ?::text[], ?::int[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[])
                     AS s(job_id, position, name, state, attempts, done, total, unit, percent_complete, detail,
                          started_at, finished_at, output, error_code, error_message, error_request_id,
                          error_resource, error_retriable)
                ON CONFLICT (job_id, name) DO UPDATE SET
                    position = EXCLUDED.position, state = EXCLUDED.state, attempts = EXCLUDED.attempts,
                    done = EXCLUDED.done, total = EXCLUDED.total, unit = EXCLUDED.unit,
                    percent_complete = EXCLUDED.percent_complete, detail = EXCLUDED.detail,
                    started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, output = EXCLUDED.output,
                    error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message,
                    error_request_id = EXCLUDED.error_request_id, error_resource = EXCLUDED.error_resource,
                    error_retriable = EXCLUDED.error_retriable""")) {
            columns.bind(connection, insert, 1);
            insert.executeUpdate();
        }
    }

    private record StepRow(String jobId, StepStatus step) {
    }

    /** The five columns of an error (code, message, request id, resource, retriable), in that order. */
    private static final class ErrorColumns {
        private final Object[] code;
        private final Object[] message;
        private final Object[] requestId;
        private final Object[] resource;
        private final Object[] retriable;

        ErrorColumns(ArrayColumns rows) {
            code = rows.column("text");
            message = rows.column("text");
            requestId = rows.column("text");
            resource = rows.column("text");
            retriable = rows.column("bool");
        }

        void set(int row, ErrorInfo error) {
            if (error != null) {
                code[row] = error.code();
                message[row] = error.message();
                requestId[row] = error.requestId();
                resource[row] = error.resource();
                retriable[row] = error.retriable();
            }
        }
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

    static Long getLong(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    static Instant getInstant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
