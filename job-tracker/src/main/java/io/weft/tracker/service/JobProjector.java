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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a batch of inputs inside the caller's transaction: appends them to the history (a redelivered one is
 * ignored by its key), refolds every job that got something new and writes its projection when it changed.
 * Plain JDBC on a given connection, so that it can be exercised without the application around it.
 */
public final class JobProjector {

    /** Serialises writers across instances so that change sequences become visible in order (no SSE gaps). */
    private static final long WRITER_LOCK = 0x7765667454726BL;

    private final ObjectMapper mapper = ContractCodec.get().mapper();

    /** Applies the inputs; returns the jobs whose status changed, in change order. */
    public List<JobChange> apply(Connection connection, List<JobInput> inputs) throws SQLException {
        if (inputs.isEmpty()) {
            return List.of();
        }
        lockWriters(connection);
        Set<String> touched = append(connection, inputs);
        List<JobChange> changes = new ArrayList<>();
        for (String jobId : touched) {
            Optional<JobStatus> status = JobFold.fold(jobId, history(connection, jobId));
            if (status.isPresent()) {
                write(connection, status.get()).ifPresent(seq -> changes.add(new JobChange(jobId, seq)));
            }
        }
        return changes;
    }

    /** Holds off every other writer of the read model until the caller's transaction ends. */
    public static void lockWriters(Connection connection) throws SQLException {
        try (Statement lock = connection.createStatement()) {
            lock.execute("SELECT pg_advisory_xact_lock(" + WRITER_LOCK + ")");
        }
    }

    private Set<String> append(Connection connection, List<JobInput> inputs) throws SQLException {
        Set<String> touched = new LinkedHashSet<>();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO job_input (job_id, dedup_key, category, ce_id, ce_type, topic, attempt, sequence,
                                       occurred_at, reason, data)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                ON CONFLICT (dedup_key) DO NOTHING""")) {
            for (JobInput input : inputs) {
                insert.setString(1, input.jobId());
                insert.setString(2, input.dedupKey());
                insert.setString(3, input.category().name());
                insert.setString(4, StoredText.clean(input.ceId(), 500));
                insert.setString(5, StoredText.clean(input.ceType(), 500));
                insert.setString(6, input.topic());
                setLong(insert, 7, input.attempt());
                setLong(insert, 8, input.sequence());
                insert.setObject(9, input.occurredAt().atOffset(java.time.ZoneOffset.UTC));
                insert.setString(10, StoredText.clean(input.reason(), 4_000));
                insert.setString(11, StoredText.cleanJson(input.data().toString()));
                if (insert.executeUpdate() == 1) {
                    touched.add(input.jobId());
                }
            }
        }
        return touched;
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
                    String ceType = rows.getString("ce_type");
                    JsonNode data = readTree(rows.getString("data"));
                    inputs.add(new JobInput(jobId, InputCategory.valueOf(rows.getString("category")),
                            rows.getString("ce_id"), ceType, rows.getString("topic"), getLong(rows, "attempt"),
                            getLong(rows, "sequence"), rows.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                            rows.getString("reason"), data, decode(InputCategory.valueOf(rows.getString("category")), ceType, data)));
                }
            }
        }
        return inputs;
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

    private Optional<Long> write(Connection connection, JobStatus job) throws SQLException {
        String fingerprint = fingerprint(job);
        try (PreparedStatement current = connection.prepareStatement("SELECT fingerprint FROM job WHERE job_id = ?")) {
            current.setString(1, job.jobId());
            try (ResultSet row = current.executeQuery()) {
                if (row.next() && fingerprint.equals(row.getString(1))) {
                    return Optional.empty();
                }
            }
        }
        long seq;
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO job (job_id, kind, workspace, lifecycle, outcome, attempt, attempt_number, attempts,
                                 current_step, progress_percent, request, request_summary, result, error_code,
                                 error_message, error_request_id, error_resource, error_retriable, failed_step,
                                 cancel_requested_at, cancel_reason, created_at, started_at, finished_at,
                                 last_event_at, updated_at, change_seq, fingerprint)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                        ?, ?, ?, now(), nextval('job_change_seq'), ?)
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
                    created_at = EXCLUDED.created_at, started_at = EXCLUDED.started_at,
                    finished_at = EXCLUDED.finished_at, last_event_at = EXCLUDED.last_event_at, updated_at = now(), change_seq = EXCLUDED.change_seq,
                    fingerprint = EXCLUDED.fingerprint
                -- The fold already never reopens a job; this guard keeps it so whatever writes here.
                WHERE job.lifecycle <> 'COMPLETED' OR EXCLUDED.lifecycle = 'COMPLETED'
                RETURNING change_seq""")) {
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
            setInstant(upsert, i++, job.createdAt());
            setInstant(upsert, i++, job.startedAt());
            setInstant(upsert, i++, job.finishedAt());
            setInstant(upsert, i++, job.lastEventAt());
            upsert.setString(i, fingerprint);
            try (ResultSet row = upsert.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                seq = row.getLong(1);
            }
        }
        writeSteps(connection, job);
        return Optional.of(seq);
    }

    private void writeSteps(Connection connection, JobStatus job) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM job_step WHERE job_id = ?")) {
            delete.setString(1, job.jobId());
            delete.executeUpdate();
        }
        if (job.steps().isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO job_step (job_id, position, name, state, attempts, done, total, unit, percent_complete,
                                      detail, started_at, finished_at, output, error_code, error_message,
                                      error_request_id, error_resource, error_retriable)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)""")) {
            for (StepStatus step : job.steps()) {
                int i = 1;
                insert.setString(i++, job.jobId());
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
