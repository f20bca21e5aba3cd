package io.weft.tracker.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.WeftMessage;
import io.weft.tracker.model.CancelRequest;
import io.weft.tracker.model.ErrorInfo;
import io.weft.tracker.model.InputCategory;
import io.weft.tracker.model.JobInput;
import io.weft.tracker.model.JobStatus;
import io.weft.tracker.model.Lifecycle;
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
 * of inputs (rows bound as arrays and expanded by {@code unnest}), not one per input or per job.
 *
 * <p>The fold state is what costs most to write (it is the whole status again, as JSON), so it is kept in memory
 * ({@link FoldStateCache}) with the version ({@code job.fold_version}) of the row it was folded into, and stored as
 * a checkpoint only now and then: when the job is new to this projector, refolded or completed, and every
 * {@code checkpointEvery} writes. A job whose kept state is not the stored row's (another tracker wrote it, a
 * transaction rolled back, the entry was dropped, a restart) goes on from its checkpoint and the inputs appended
 * after it ({@code job.fold_input_id}), which is what the kept state would have been. Plain JDBC on a given
 * connection, so that it can be exercised without the application around it.
 */
public final class JobProjector {

    /** Serialises writers across instances so that change sequences become visible in order (no SSE gaps). */
    private static final long WRITER_LOCK = 0x7765667454726BL;

    /** Jobs whose fold state is kept in memory when no capacity is given: a busy tracker's running jobs. */
    public static final int DEFAULT_CACHED_JOBS = 5_000;

    /**
     * Writes of a job between two checkpoints of its fold state when none is given: what a job's next fold
     * reads besides the checkpoint, after a restart, is at most this many batches' inputs.
     */
    public static final int DEFAULT_CHECKPOINT_EVERY = 20;

    private final ObjectMapper mapper = ContractCodec.get().mapper();
    /** Serialises a status for its fingerprint, whose request and summary come from {@link RequestJson}. */
    private final ObjectWriter withoutRequest = mapper.copy().addMixIn(JobStatus.class, WithoutRequest.class).writer();

    @JsonIgnoreProperties({"request", "requestSummary"})
    private interface WithoutRequest {
    }

    private final FoldStateCache cache;
    private final int checkpointEvery;

    /** How the jobs of the last batch were folded; read by tests and the benchmark. */
    private final FoldCounts counts = new FoldCounts();

    public JobProjector() {
        this(DEFAULT_CACHED_JOBS, DEFAULT_CHECKPOINT_EVERY);
    }

    /**
     * @param cachedJobs      how many jobs' fold states to keep in memory between batches (0: none, every write
     *                        stores the fold state)
     * @param checkpointEvery at most how many writes of a job's row store its fold state once (1: every write)
     */
    public JobProjector(int cachedJobs, int checkpointEvery) {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be at least 1: " + checkpointEvery);
        }
        this.cache = new FoldStateCache(cachedJobs);
        this.checkpointEvery = checkpointEvery;
    }

    /** Applies the inputs; returns the jobs whose status changed, in change order. */
    public List<JobChange> apply(Connection connection, List<JobInput> inputs) throws SQLException {
        if (inputs.isEmpty()) {
            return List.of();
        }
        lockWriters(connection);
        Appended appended = append(connection, inputs);
        Map<String, List<JobInput>> fresh = appended.fresh();
        if (fresh.isEmpty()) {
            return List.of();
        }
        Map<String, Stored> stored = stored(connection, fresh.keySet());
        Map<String, List<JobInput>> sinceCheckpoint = sinceCheckpoint(connection, stored, appended.firstId());
        Map<String, JobFold.FoldState> folded = new LinkedHashMap<>();
        List<String> refold = new ArrayList<>();
        int kept = 0;
        for (Map.Entry<String, List<JobInput>> job : fresh.entrySet()) {
            Stored before = stored.get(job.getKey());
            List<JobInput> unfolded = job.getValue();
            List<JobInput> missed = sinceCheckpoint.get(job.getKey());
            if (missed != null) {
                unfolded = new ArrayList<>(missed);
                unfolded.addAll(job.getValue());
            }
            Optional<JobFold.FoldState> advanced = before == null || before.state() == null ? Optional.empty()
                    : JobFold.advance(before.state(), unfolded);
            if (advanced.isPresent()) {
                folded.put(job.getKey(), advanced.get());
                kept += before.kept() ? 1 : 0;
            } else {
                refold.add(job.getKey());
            }
        }
        counts.record(folded.size(), refold.size(), kept);
        Map<String, List<JobInput>> histories = histories(connection, refold);
        for (String jobId : refold) {
            JobFold.foldState(jobId, histories.getOrDefault(jobId, List.of())).ifPresent(state -> folded.put(jobId, state));
        }
        Map<String, Fold> folds = new LinkedHashMap<>();
        for (JobFold.FoldState state : folded.values()) {
            String jobId = state.status().jobId();
            Stored before = stored.get(jobId);
            boolean checkpoint = before == null || !before.kept() || refold.contains(jobId)
                    || state.status().lifecycle() == Lifecycle.COMPLETED
                    || before.writesSinceCheckpoint() + 1 >= checkpointEvery;
            folds.put(jobId, new Fold(state, appended.lastIds().get(jobId), checkpoint,
                    checkpoint ? 0 : before.writesSinceCheckpoint() + 1, requestJson(state.status(), before)));
        }
        Set<String> replaceSteps = new HashSet<>(refold);
        replaceSteps.addAll(sinceCheckpoint.keySet());
        return write(connection, folds, stored, replaceSteps);
    }

    /**
     * A job as a batch folded it and how it is to be stored.
     *
     * @param lastInputId            the newest of its inputs folded (job_input.id)
     * @param checkpoint             whether its fold state is stored with this write
     * @param writesSinceCheckpoint  its row's writes since its fold state was last stored, this one included
     * @param request                its request and request summary as JSON, and whether the row holds them already
     */
    private record Fold(JobFold.FoldState state, long lastInputId, boolean checkpoint, int writesSinceCheckpoint,
            RequestJson request) {
    }

    /**
     * A job's request and request summary serialised, for its row and its fingerprint. Serialising the request
     * (a map of the command's whole data) is most of what a write costs the JVM, and it never changes once the
     * command is folded, so it is done once per job and kept with the fold state ({@link FoldStateCache}).
     *
     * @param request the request it was made of, compared by identity: an advanced fold carries the same map on
     * @param stored  whether the job's row holds these columns already (the kept state's request, unchanged), so
     *                that its upsert can leave them as they are
     */
    record RequestJson(Map<String, Object> request, String requestJson, String summaryJson, boolean stored) {

        RequestJson asStored() {
            return stored ? this : new RequestJson(request, requestJson, summaryJson, true);
        }
    }

    /** The status's request as JSON: the kept one when the fold carried its map on, else serialised now. */
    private RequestJson requestJson(JobStatus status, Stored before) {
        RequestJson kept = before == null || !before.kept() ? null : before.request();
        if (kept != null && kept.request() == status.request()) {
            return kept;
        }
        return new RequestJson(status.request(), json(status.request()), json(status.requestSummary()), false);
    }

    /** How many jobs the last {@link #apply} advanced from their stored state and how many it refolded. */
    public FoldCounts counts() {
        return counts;
    }

    /** Counts of how jobs were folded, since this projector was made. */
    public static final class FoldCounts {
        private long advanced;
        private long refolded;
        private long kept;

        synchronized void record(int advancedJobs, int refoldedJobs, int keptJobs) {
            advanced += advancedJobs;
            refolded += refoldedJobs;
            kept += keptJobs;
        }

        /** Job folds that went on from the state kept in memory (of those advanced). */
        public synchronized long kept() {
            return kept;
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

    /**
     * What a batch appended: per job the inputs that were new, in arrival order, and the id of its newest one;
     * and the smallest id the batch took (every id below it was appended, and folded, before).
     */
    private record Appended(Map<String, List<JobInput>> fresh, Map<String, Long> lastIds, long firstId) {
    }

    /** Appends the inputs in one statement; returns what was new. */
    private Appended append(Connection connection, List<JobInput> inputs) throws SQLException {
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
        Map<String, Long> inserted = new HashMap<>();
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
                RETURNING dedup_key, id""")) {
            rows.bind(connection, insert, 1);
            try (ResultSet stored = insert.executeQuery()) {
                while (stored.next()) {
                    inserted.put(stored.getString(1), stored.getLong(2));
                }
            }
        }
        Map<String, List<JobInput>> fresh = new LinkedHashMap<>();
        Map<String, Long> lastIds = new HashMap<>();
        long firstId = Long.MAX_VALUE;
        for (Map.Entry<String, JobInput> entry : unique.entrySet()) {
            Long id = inserted.get(entry.getKey());
            if (id != null) {
                String jobId = entry.getValue().jobId();
                fresh.computeIfAbsent(jobId, j -> new ArrayList<>()).add(entry.getValue());
                lastIds.merge(jobId, id, Math::max);
                firstId = Math.min(firstId, id);
            }
        }
        return new Appended(fresh, lastIds, firstId);
    }

    /**
     * A job's row as the last fold left it: its fingerprint, and the fold state to go on from (null before V4 or
     * unreadable): the one kept in memory when it is the row's ({@code kept}), else the stored checkpoint, which
     * has folded the inputs up to {@code checkpointInputId} (null: every input, as written before V6).
     */
    private record Stored(JobFold.FoldState state, String fingerprint, boolean kept, Long checkpointInputId,
            int writesSinceCheckpoint, RequestJson request) {
    }

    /**
     * The stored rows of the jobs; a job's fold state comes from memory when the stored version is the one kept,
     * and is read from its column (and parsed) only otherwise.
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
                SELECT j.job_id, j.fingerprint, coalesce(j.fold_version = c.version, false) AS kept,
                       CASE WHEN j.fold_version = c.version THEN NULL ELSE j.fold_state::text END AS fold_state,
                       j.fold_input_id
                FROM job j LEFT JOIN unnest(?::text[], ?::bigint[]) AS c(job_id, version) ON c.job_id = j.job_id
                WHERE j.job_id = ANY(?)""")) {
            select.setArray(1, connection.createArrayOf("text", cachedIds));
            select.setArray(2, connection.createArrayOf("int8", cachedVersions));
            select.setArray(3, connection.createArrayOf("text", jobIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String jobId = rows.getString("job_id");
                    String fingerprint = rows.getString("fingerprint");
                    if (rows.getBoolean("kept")) {
                        FoldStateCache.Entry entry = cached.get(jobId);
                        stored.put(jobId, new Stored(entry.state(), fingerprint, true, null,
                                entry.writesSinceCheckpoint(), entry.request()));
                    } else {
                        stored.put(jobId, new Stored(readState(rows.getString("fold_state")), fingerprint, false,
                                getLong(rows, "fold_input_id"), 0, null));
                    }
                }
            }
        }
        return stored;
    }

    /**
     * The inputs appended after their job's checkpoint and before this batch, of the jobs that go on from a
     * checkpoint, each job's in appended order (in one query, on the job_input_job index).
     */
    private Map<String, List<JobInput>> sinceCheckpoint(Connection connection, Map<String, Stored> stored,
            long batchFirstId) throws SQLException {
        List<String> jobIds = new ArrayList<>();
        List<Long> after = new ArrayList<>();
        stored.forEach((jobId, row) -> {
            if (!row.kept() && row.state() != null && row.checkpointInputId() != null) {
                jobIds.add(jobId);
                after.add(row.checkpointInputId());
            }
        });
        Map<String, List<JobInput>> missed = new HashMap<>();
        if (jobIds.isEmpty()) {
            return missed;
        }
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT i.job_id, i.category, i.ce_id, i.ce_type, i.topic, i.attempt, i.sequence, i.occurred_at,
                       i.reason, i.data::text
                FROM unnest(?::text[], ?::bigint[]) AS c(job_id, after)
                JOIN job_input i ON i.job_id = c.job_id AND i.id > c.after AND i.id < ?
                ORDER BY i.job_id, i.id""")) {
            select.setArray(1, connection.createArrayOf("text", jobIds.toArray()));
            select.setArray(2, connection.createArrayOf("int8", after.toArray()));
            select.setLong(3, batchFirstId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String jobId = rows.getString("job_id");
                    missed.computeIfAbsent(jobId, id -> new ArrayList<>()).add(input(jobId, rows));
                }
            }
        }
        return missed;
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
    private List<JobChange> write(Connection connection, Map<String, Fold> folds, Map<String, Stored> stored,
            Set<String> replaceSteps) throws SQLException {
        List<Fold> changed = new ArrayList<>();
        Map<String, String> fingerprints = new HashMap<>();
        List<Fold> stateOnly = new ArrayList<>();
        for (Fold fold : folds.values()) {
            JobFold.FoldState state = fold.state();
            String jobId = state.status().jobId();
            String fingerprint = fingerprint(state.status(), fold.request());
            Stored before = stored.get(jobId);
            if (before != null && fingerprint.equals(before.fingerprint())) {
                // Nothing shows, but what the next fold goes on from may have moved (an event after the outcome).
                if (before.state() == null || !sameBookkeeping(before.state(), state)) {
                    stateOnly.add(fold);
                }
            } else {
                fingerprints.put(jobId, fingerprint);
                changed.add(fold);
            }
        }
        List<JobChange> changes = upsertJobs(connection, changed, fingerprints);
        Set<String> written = new HashSet<>();
        changes.forEach(change -> written.add(change.jobId()));
        writeSteps(connection, changed.stream().map(Fold::state).filter(s -> written.contains(s.status().jobId()))
                .toList(), stored, replaceSteps);
        updateStates(connection, stateOnly);
        changes.sort(java.util.Comparator.comparingLong(JobChange::changeSeq));
        return changes;
    }

    /** The fold state's JSON when this write stores it, else null (the row keeps its checkpoint). */
    private String checkpoint(Fold fold) {
        return fold.checkpoint() ? json(fold.state()) : null;
    }

    /** Keeps what was written for the next batch, under the version the row now has. */
    private void keep(Map<String, Fold> byJob, String jobId, long version) {
        Fold fold = byJob.get(jobId);
        cache.put(jobId, new FoldStateCache.Entry(version, fold.state(), fold.writesSinceCheckpoint(),
                fold.request().asStored()));
    }

    /** Writes a new version (and, when due, the fold state) of jobs whose projection did not change. */
    private void updateStates(Connection connection, List<Fold> folds) throws SQLException {
        if (folds.isEmpty()) {
            return;
        }
        ArrayColumns rows = new ArrayColumns(folds.size());
        Object[] jobIds = rows.column("text");
        Object[] states = rows.column("text");
        Object[] inputIds = rows.column("int8");
        Map<String, Fold> byJob = new HashMap<>();
        for (int i = 0; i < folds.size(); i++) {
            Fold fold = folds.get(i);
            jobIds[i] = fold.state().status().jobId();
            states[i] = checkpoint(fold);
            inputIds[i] = fold.checkpoint() ? fold.lastInputId() : null;
            byJob.put((String) jobIds[i], fold);
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE job SET fold_version = nextval('job_fold_version_seq'),
                               fold_state = CASE WHEN u.fold_input_id IS NULL THEN job.fold_state
                                                 ELSE u.fold_state::jsonb END,
                               fold_input_id = coalesce(u.fold_input_id, job.fold_input_id)
                FROM unnest(?::text[], ?::text[], ?::bigint[]) AS u(job_id, fold_state, fold_input_id)
                WHERE job.job_id = u.job_id
                RETURNING job.job_id, job.fold_version""")) {
            rows.bind(connection, update, 1);
            try (ResultSet updated = update.executeQuery()) {
                while (updated.next()) {
                    keep(byJob, updated.getString(1), updated.getLong(2));
                }
            }
        }
    }

    private static boolean sameBookkeeping(JobFold.FoldState a, JobFold.FoldState b) {
        return java.util.Objects.equals(a.lastAttempt(), b.lastAttempt())
                && java.util.Objects.equals(a.lastSequence(), b.lastSequence())
                && a.command() == b.command() && a.deadLetter() == b.deadLetter();
    }

    private List<JobChange> upsertJobs(Connection connection, List<Fold> changed, Map<String, String> fingerprints)
            throws SQLException {
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
        Object[] foldInputId = rows.column("int8");
        Map<String, Fold> byJob = new HashMap<>();
        for (int i = 0; i < changed.size(); i++) {
            Fold fold = changed.get(i);
            JobStatus job = fold.state().status();
            byJob.put(job.jobId(), fold);
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
            // Null: the row holds them already (see the upsert's SET).
            request[i] = fold.request().stored() ? null : fold.request().requestJson();
            requestSummary[i] = fold.request().stored() ? null : fold.request().summaryJson();
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
            foldState[i] = checkpoint(fold);
            foldInputId[i] = fold.checkpoint() ? fold.lastInputId() : null;
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO job (job_id, kind, workspace, lifecycle, outcome, attempt, attempt_number, attempts,
                                 current_step, progress_percent, request, request_summary, result, error_code,
                                 error_message, error_request_id, error_resource, error_retriable, failed_step,
                                 cancel_requested_at, cancel_reason, cancel_requested_by, created_at, started_at,
                                 finished_at, last_event_at, updated_at, change_seq, fingerprint, fold_state,
                                 fold_input_id, fold_version)
                SELECT job_id, kind, workspace, lifecycle, outcome, attempt, attempt_number, attempts::jsonb,
                       current_step, progress_percent, request::jsonb, request_summary::jsonb, result::jsonb,
                       error_code, error_message, error_request_id, error_resource, error_retriable, failed_step,
                       cancel_requested_at, cancel_reason, cancel_requested_by::jsonb, created_at, started_at,
                       finished_at, last_event_at, now(), nextval('job_change_seq'), fingerprint, fold_state::jsonb,
                       fold_input_id, nextval('job_fold_version_seq')
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[],
                            ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::boolean[], ?::text[], ?::timestamptz[], ?::text[], ?::text[],
                            ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::text[],
                            ?::text[], ?::bigint[]) WITH ORDINALITY
                     AS r(job_id, kind, workspace, lifecycle, outcome, attempt, attempt_number, attempts,
                          current_step, progress_percent, request, request_summary, result, error_code,
                          error_message, error_request_id, error_resource, error_retriable, failed_step,
                          cancel_requested_at, cancel_reason, cancel_requested_by, created_at, started_at,
                          finished_at, last_event_at, fingerprint, fold_state, fold_input_id, position)
                ORDER BY position
                ON CONFLICT (job_id) DO UPDATE SET
                    kind = EXCLUDED.kind, workspace = EXCLUDED.workspace, lifecycle = EXCLUDED.lifecycle,
                    outcome = EXCLUDED.outcome, attempt = EXCLUDED.attempt, attempt_number = EXCLUDED.attempt_number,
                    attempts = EXCLUDED.attempts, current_step = EXCLUDED.current_step,
                    progress_percent = EXCLUDED.progress_percent,
                    -- Null when the row holds them: a job's request never goes back to none (its command or its
                    -- dead letter, where it comes from, stays in its history), so null only ever means unchanged.
                    request = coalesce(EXCLUDED.request, job.request),
                    request_summary = coalesce(EXCLUDED.request_summary, job.request_summary),
                    result = EXCLUDED.result,
                    error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message,
                    error_request_id = EXCLUDED.error_request_id, error_resource = EXCLUDED.error_resource,
                    error_retriable = EXCLUDED.error_retriable, failed_step = EXCLUDED.failed_step,
                    cancel_requested_at = EXCLUDED.cancel_requested_at, cancel_reason = EXCLUDED.cancel_reason,
                    cancel_requested_by = EXCLUDED.cancel_requested_by,
                    created_at = EXCLUDED.created_at, started_at = EXCLUDED.started_at,
                    finished_at = EXCLUDED.finished_at, last_event_at = EXCLUDED.last_event_at, updated_at = now(),
                    change_seq = EXCLUDED.change_seq, fingerprint = EXCLUDED.fingerprint,
                    -- No checkpoint with this write (a new row always has one): the row keeps its last.
                    fold_state = CASE WHEN EXCLUDED.fold_input_id IS NULL THEN job.fold_state
                                      ELSE EXCLUDED.fold_state END,
                    fold_input_id = coalesce(EXCLUDED.fold_input_id, job.fold_input_id),
                    fold_version = EXCLUDED.fold_version
                -- The fold already never reopens a job; this guard keeps it so whatever writes here.
                WHERE job.lifecycle <> 'COMPLETED' OR EXCLUDED.lifecycle = 'COMPLETED'
                RETURNING job_id, change_seq, fold_version""")) {
            rows.bind(connection, upsert, 1);
            // The rows the guard let through come back; the others keep their stored state and version.
            try (ResultSet written = upsert.executeQuery()) {
                while (written.next()) {
                    String id = written.getString(1);
                    changes.add(new JobChange(id, written.getLong(2)));
                    keep(byJob, id, written.getLong(3));
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

    /**
     * A digest of everything the job's projection shows: its status as JSON, the request and its summary taken
     * from their JSON already made rather than serialised again.
     */
    private String fingerprint(JobStatus job, RequestJson request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(withoutRequest.writeValueAsBytes(job));
            digest.update((byte) 0);
            digest.update(String.valueOf(request.requestJson()).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(String.valueOf(request.summaryJson()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
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
