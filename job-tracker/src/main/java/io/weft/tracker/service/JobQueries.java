package io.weft.tracker.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.weft.contracts.ContractCodec;
import io.weft.tracker.model.CancelRequest;
import io.weft.tracker.model.ErrorInfo;
import io.weft.tracker.model.InputCategory;
import io.weft.tracker.model.JobEventView;
import io.weft.tracker.model.JobPage;
import io.weft.tracker.model.JobView;
import io.weft.tracker.model.Lifecycle;
import io.weft.tracker.model.Outcome;
import io.weft.tracker.model.StepState;
import io.weft.tracker.model.StepStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.weft.tracker.service.JobProjector.getInstant;
import static io.weft.tracker.service.JobProjector.getLong;

/** Reads the job read model: single jobs, pages of jobs, histories, and changes after a change sequence. */
@ApplicationScoped
public class JobQueries {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** Jobs that changed after a change sequence, and the sequence to resume from. */
    public record Changes(List<JobView> matching, List<JobView> leftFilter, long cursor) {
    }

    /** The jobs matching a filter at one instant, and the change sequence they are current as of. */
    public record Snapshot(List<JobView> jobs, long cursor) {
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper = ContractCodec.get().mapper();

    @Inject
    public JobQueries(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public JobPage page(JobFilter filter, JobSort sort, String cursor, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT j.* FROM job j WHERE ").append(filter.where(params));
        if (cursor != null && !cursor.isBlank()) {
            JobCursor after = JobCursor.decode(cursor, sort);
            sql.append(" AND (j.").append(sort.column).append(", j.job_id) ").append(sort.descending ? "<" : ">")
                    .append(" (?, ?)");
            params.add(after.at());
            params.add(after.jobId());
        }
        String direction = sort.descending ? " DESC" : " ASC";
        sql.append(" ORDER BY j.").append(sort.column).append(direction).append(", j.job_id").append(direction)
                .append(" LIMIT ?");
        params.add(limit + 1);
        return read(connection -> {
            List<JobView> jobs = jobs(connection, sql.toString(), params);
            String next = null;
            if (jobs.size() > limit) {
                jobs = jobs.subList(0, limit);
                JobView last = jobs.get(limit - 1);
                next = new JobCursor(sort, sort == JobSort.CREATED_ASC || sort == JobSort.CREATED_DESC
                        ? last.createdAt() : last.updatedAt(), last.id()).encode();
            }
            return new JobPage(List.copyOf(jobs), next);
        });
    }

    public Optional<JobView> find(String jobId) {
        return read(connection -> {
            List<Object> params = new ArrayList<>();
            List<JobView> jobs = jobs(connection, "SELECT j.* FROM job j WHERE " + JobFilter.job(jobId).where(params), params);
            return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0).withSteps(steps(connection, jobId)));
        });
    }

    public boolean exists(String jobId) {
        return read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM job WHERE job_id = ?")) {
                select.setString(1, jobId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    public List<JobEventView> events(String jobId) {
        return read(connection -> {
            List<JobEventView> events = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT id, category, ce_id, ce_type, topic, attempt, sequence, occurred_at, received_at, reason,
                           data::text FROM job_input WHERE job_id = ?
                    ORDER BY attempt NULLS FIRST, sequence NULLS FIRST, occurred_at, id""")) {
                select.setString(1, jobId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        events.add(new JobEventView(rows.getLong("id"), InputCategory.valueOf(rows.getString("category")),
                                rows.getString("ce_id"), rows.getString("ce_type"), rows.getString("topic"),
                                getLong(rows, "attempt"), getLong(rows, "sequence"), getInstant(rows, "occurred_at"),
                                getInstant(rows, "received_at"), rows.getString("reason"), map(rows.getString("data"))));
                    }
                }
            }
            return events;
        });
    }

    /** The most recently updated jobs matching the filter, consistent with the change sequence returned. */
    public Snapshot snapshot(JobFilter filter, int limit, boolean withSteps) {
        return read(connection -> {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                long cursor;
                try (PreparedStatement max = connection.prepareStatement("SELECT COALESCE(max(change_seq), 0) FROM job");
                        ResultSet row = max.executeQuery()) {
                    row.next();
                    cursor = row.getLong(1);
                }
                List<Object> params = new ArrayList<>();
                String sql = "SELECT j.* FROM job j WHERE " + filter.where(params)
                        + " ORDER BY j.change_seq DESC LIMIT ?";
                params.add(limit);
                List<JobView> jobs = jobs(connection, sql, params);
                if (withSteps) {
                    jobs = withSteps(connection, jobs);
                }
                connection.commit();
                return new Snapshot(jobs, cursor);
            } finally {
                connection.rollback();
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                connection.setAutoCommit(true);
            }
        });
    }

    /**
     * Jobs whose latest change is after {@code afterSeq}, oldest change first: those matching the filter, and
     * (when {@code reportLeaving}) those that do not, so that a filtered view can drop them.
     */
    public Changes changesAfter(long afterSeq, JobFilter filter, boolean reportLeaving, int limit, boolean withSteps) {
        return read(connection -> {
            List<Object> params = new ArrayList<>();
            StringBuilder sql = new StringBuilder("SELECT j.*, (").append(filter.where(params))
                    .append(") AS matches FROM job j WHERE j.change_seq > ?");
            params.add(afterSeq);
            if (!reportLeaving) {
                // Only the matching jobs are wanted (e.g. one job's stream): let the database do the filtering.
                sql.append(" AND ").append(filter.where(params));
            }
            sql.append(" ORDER BY j.change_seq LIMIT ?");
            params.add(limit);
            List<JobView> matching = new ArrayList<>();
            List<JobView> left = new ArrayList<>();
            long cursor = afterSeq;
            try (PreparedStatement select = prepare(connection, sql.toString(), params);
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    JobView job = job(rows);
                    cursor = Math.max(cursor, job.changeSeq());
                    if (rows.getBoolean("matches")) {
                        matching.add(job);
                    } else {
                        left.add(job);
                    }
                }
            }
            return new Changes(withSteps ? withSteps(connection, matching) : matching, left, cursor);
        });
    }

    private List<JobView> withSteps(Connection connection, List<JobView> jobs) throws SQLException {
        List<JobView> detailed = new ArrayList<>(jobs.size());
        for (JobView job : jobs) {
            detailed.add(job.withSteps(steps(connection, job.id())));
        }
        return detailed;
    }

    private List<JobView> jobs(Connection connection, String sql, List<Object> params) throws SQLException {
        List<JobView> jobs = new ArrayList<>();
        try (PreparedStatement select = prepare(connection, sql, params); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                jobs.add(job(rows));
            }
        }
        return jobs;
    }

    private List<StepStatus> steps(Connection connection, String jobId) throws SQLException {
        List<StepStatus> steps = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT *, output::text AS output_json FROM job_step WHERE job_id = ? ORDER BY position")) {
            select.setString(1, jobId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Long percent = getLong(rows, "percent_complete");
                    steps.add(new StepStatus(rows.getInt("position"), rows.getString("name"),
                            StepState.valueOf(rows.getString("state")), rows.getInt("attempts"), getLong(rows, "done"),
                            getLong(rows, "total"), rows.getString("unit"), percent == null ? null : percent.intValue(),
                            rows.getString("detail"), getInstant(rows, "started_at"), getInstant(rows, "finished_at"),
                            map(rows.getString("output_json")), error(rows)));
                }
            }
        }
        return steps;
    }

    private JobView job(ResultSet rows) throws SQLException {
        String outcome = rows.getString("outcome");
        Instant cancelAt = getInstant(rows, "cancel_requested_at");
        return new JobView(rows.getString("job_id"), rows.getString("kind"), rows.getString("workspace"),
                Lifecycle.valueOf(rows.getString("lifecycle")), outcome == null ? null : Outcome.valueOf(outcome),
                getLong(rows, "attempt"), rows.getString("current_step"), rows.getInt("progress_percent"),
                map(rows.getString("request")), map(rows.getString("result")), error(rows), rows.getString("failed_step"),
                cancelAt == null ? null : new CancelRequest(cancelAt, rows.getString("cancel_reason")),
                getInstant(rows, "created_at"), getInstant(rows, "started_at"), getInstant(rows, "finished_at"),
                getInstant(rows, "updated_at"), rows.getLong("change_seq"), null);
    }

    private static ErrorInfo error(ResultSet rows) throws SQLException {
        String code = rows.getString("error_code");
        String message = rows.getString("error_message");
        if (code == null && message == null) {
            return null;
        }
        boolean retriable = rows.getBoolean("error_retriable");
        return new ErrorInfo(code, message, rows.getString("error_request_id"), rows.getString("error_resource"),
                rows.wasNull() ? null : retriable);
    }

    private Map<String, Object> map(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            return new LinkedHashMap<>(Map.of("unreadable", json));
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            Object param = params.get(i);
            if (param instanceof Instant instant) {
                statement.setObject(i + 1, instant.atOffset(ZoneOffset.UTC));
            } else if (param instanceof String[] array) {
                statement.setArray(i + 1, connection.createArrayOf("text", array));
            } else {
                statement.setObject(i + 1, param);
            }
        }
        return statement;
    }

    @FunctionalInterface
    private interface Read<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T read(Read<T> read) {
        try (Connection connection = dataSource.getConnection()) {
            return read.apply(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("reading jobs failed: " + e.getMessage(), e);
        }
    }
}
