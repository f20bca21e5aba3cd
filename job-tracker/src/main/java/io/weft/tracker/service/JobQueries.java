package io.weft.tracker.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.command.Requester;
import io.weft.tracker.model.Attempt;
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
    private static final TypeReference<List<Attempt>> ATTEMPTS = new TypeReference<>() {
    };
    /**
     * Every column a job view needs but its request: lists never read whole requests (definitions can be
     * megabytes). Jobs folded before request_summary existed bring their request to be summarised.
     */
    private static final String COLUMNS = "j.job_id, j.kind, j.workspace, j.lifecycle, j.outcome, j.attempt_number, "
            + "j.attempts::text AS attempts_json, j.current_step, j.progress_percent, j.request_summary::text AS summary_json, "
            + "CASE WHEN j.request_summary IS NULL THEN j.request::text END AS legacy_request_json, j.result::text AS result_json, "
            + "j.error_code, j.error_message, j.error_request_id, j.error_resource, j.error_retriable, j.failed_step, "
            + "j.cancel_requested_at, j.cancel_reason, j.cancel_requested_by::text AS cancel_requested_by_json, j.created_at, j.started_at, j.finished_at, j.updated_at, "
            + "j.last_event_at, j.change_seq";

    /** How much of a job a read returns. */
    private enum Shape {
        /** For lists: the request's summary, no request, no steps. */
        LIST,
        /** For one job: the request without definition payloads, and the steps. */
        DETAIL,
        /** For one job when asked: the request as it was (secrets removed), and the steps. */
        DETAIL_WITH_PAYLOADS;

        String columns() {
            return this == LIST ? COLUMNS : COLUMNS + ", j.request::text AS request_json";
        }
    }

    /** Jobs that changed after a change sequence, and the sequence to resume from. */
    public record Changes(List<JobView> matching, List<JobView> leftFilter, long cursor) {
    }

    /** The jobs matching a filter at one instant, and the change sequence they are current as of. */
    public record Snapshot(List<JobView> jobs, long cursor) {
    }

    private final AgroalDataSource dataSource;
    private final StallPolicy stalls;
    private final ObjectMapper mapper = ContractCodec.get().mapper();

    @Inject
    public JobQueries(AgroalDataSource dataSource, StallPolicy stalls) {
        this.dataSource = dataSource;
        this.stalls = stalls;
    }

    /**
     * A page of jobs, without their requests and steps.
     *
     * @param stalled when not null, only the jobs that are (true) or are not (false) stalled now
     */
    public JobPage page(JobFilter filter, Boolean stalled, JobSort sort, String cursor, int limit) {
        Instant now = stalls.now();
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(Shape.LIST.columns()).append(" FROM job j WHERE ")
                .append(filter.where(params));
        if (stalled != null) {
            String condition = stalls.stalledCondition(now, params);
            sql.append(stalled ? " AND " + condition : " AND NOT COALESCE(" + condition + ", FALSE)");
        }
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
            List<JobView> jobs = jobs(connection, sql.toString(), params, Shape.LIST, now);
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

    /**
     * One job with its steps and its request.
     *
     * @param withPayloads whether the request keeps its definition payloads (else each part has payloadBytes)
     */
    public Optional<JobView> find(String jobId, boolean withPayloads) {
        return read(connection -> {
            List<Object> params = new ArrayList<>();
            Shape shape = withPayloads ? Shape.DETAIL_WITH_PAYLOADS : Shape.DETAIL;
            List<JobView> jobs = jobs(connection, "SELECT " + shape.columns() + " FROM job j WHERE "
                    + JobFilter.job(jobId).where(params), params, shape, stalls.now());
            return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0).withSteps(steps(connection, jobId)));
        });
    }

    /** Whether the job is within {@code reach} (it exists and its workspace, environment or pipeline is granted). */
    public boolean reachable(String jobId, io.weft.support.security.WorkspaceScopes.Access reach) {
        return read(connection -> {
            List<Object> params = new ArrayList<>();
            String where = JobFilter.job(jobId, reach).where(params);
            try (PreparedStatement select = prepare(connection, "SELECT 1 FROM job j WHERE " + where, params)) {
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
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
                    SELECT id, category, ce_id, ce_type, topic,
                           CASE WHEN attempt IS NOT NULL THEN dense_rank() OVER (PARTITION BY attempt IS NULL ORDER BY attempt)
                           END AS attempt_number, sequence, occurred_at, received_at, reason, data::text
                    FROM job_input WHERE job_id = ?
                    ORDER BY attempt NULLS FIRST, sequence NULLS FIRST, occurred_at, id""")) {
                select.setString(1, jobId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        events.add(new JobEventView(rows.getLong("id"), InputCategory.valueOf(rows.getString("category")),
                                rows.getString("ce_id"), rows.getString("ce_type"), rows.getString("topic"),
                                getLong(rows, "attempt_number"), getLong(rows, "sequence"), getInstant(rows, "occurred_at"),
                                getInstant(rows, "received_at"), rows.getString("reason"), historyData(rows.getString("data"))));
                    }
                }
            }
            return events;
        });
    }

    /**
     * A history entry's data as shown: secrets redacted like the job's request, definition payloads elided, and
     * without the workers' attempt key (the entry's own {@code attempt} is its number).
     */
    private Map<String, Object> historyData(String json) {
        JsonNode data = tree(json);
        if (data instanceof ObjectNode object) {
            object.remove("attempt");
        }
        Map<String, Object> redacted = Redaction.redact(data);
        return redacted == null ? null : convert(RequestShapes.withoutPayloads(mapper.valueToTree(redacted)));
    }

    /**
     * The most recently updated jobs matching the filter, consistent with the change sequence returned.
     *
     * @param detail whether jobs carry their steps and their request (without definition payloads)
     */
    public Snapshot snapshot(JobFilter filter, int limit, boolean detail) {
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
                Shape shape = detail ? Shape.DETAIL : Shape.LIST;
                String sql = "SELECT " + shape.columns() + " FROM job j WHERE " + filter.where(params)
                        + " ORDER BY j.change_seq DESC LIMIT ?";
                params.add(limit);
                List<JobView> jobs = jobs(connection, sql, params, shape, stalls.now());
                if (detail) {
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
    public Changes changesAfter(long afterSeq, JobFilter filter, boolean reportLeaving, int limit, boolean detail) {
        Instant now = stalls.now();
        Shape shape = detail ? Shape.DETAIL : Shape.LIST;
        return read(connection -> {
            List<Object> params = new ArrayList<>();
            StringBuilder sql = new StringBuilder("SELECT ").append(shape.columns()).append(", (")
                    .append(filter.where(params))
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
                    JobView job = job(rows, shape, now);
                    cursor = Math.max(cursor, job.changeSeq());
                    if (rows.getBoolean("matches")) {
                        matching.add(job);
                    } else {
                        left.add(job);
                    }
                }
            }
            return new Changes(detail ? withSteps(connection, matching) : matching, left, cursor);
        });
    }

    private List<JobView> withSteps(Connection connection, List<JobView> jobs) throws SQLException {
        List<JobView> detailed = new ArrayList<>(jobs.size());
        for (JobView job : jobs) {
            detailed.add(job.withSteps(steps(connection, job.id())));
        }
        return detailed;
    }

    private List<JobView> jobs(Connection connection, String sql, List<Object> params, Shape shape, Instant now)
            throws SQLException {
        List<JobView> jobs = new ArrayList<>();
        try (PreparedStatement select = prepare(connection, sql, params); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                jobs.add(job(rows, shape, now));
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

    private JobView job(ResultSet rows, Shape shape, Instant now) throws SQLException {
        String kind = rows.getString("kind");
        Lifecycle lifecycle = Lifecycle.valueOf(rows.getString("lifecycle"));
        String outcome = rows.getString("outcome");
        Instant cancelAt = getInstant(rows, "cancel_requested_at");
        Instant lastEventAt = getInstant(rows, "last_event_at");
        Long attemptNumber = getLong(rows, "attempt_number");
        String summary = rows.getString("summary_json");
        String legacyRequest = rows.getString("legacy_request_json");
        Map<String, Object> requestSummary = summary != null ? map(summary)
                : legacyRequest != null ? convert(RequestShapes.summary(tree(legacyRequest))) : null;
        Map<String, Object> request = null;
        if (shape != Shape.LIST) {
            JsonNode full = tree(rows.getString("request_json"));
            request = convert(shape == Shape.DETAIL ? RequestShapes.withoutPayloads(full) : full);
        }
        StallPolicy.Stall stall = stalls.assess(kind, lifecycle, lastEventAt, now);
        return new JobView(rows.getString("job_id"), kind, rows.getString("workspace"), lifecycle,
                outcome == null ? null : Outcome.valueOf(outcome), attemptNumber == null ? null : attemptNumber.intValue(),
                attempts(rows.getString("attempts_json")), rows.getString("current_step"), rows.getInt("progress_percent"),
                requestSummary, request, map(rows.getString("result_json")), error(rows), rows.getString("failed_step"),
                cancelAt == null ? null : new CancelRequest(cancelAt, rows.getString("cancel_reason"),
                        requester(rows.getString("cancel_requested_by_json"))),
                getInstant(rows, "created_at"), getInstant(rows, "started_at"), getInstant(rows, "finished_at"),
                getInstant(rows, "updated_at"), lastEventAt, stall.stalled(), stall.silentForSeconds(),
                stall.stalledAfterSeconds(), rows.getLong("change_seq"), null, null);
    }

    private Requester requester(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, Requester.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored cancel requester is not readable: " + e.getOriginalMessage(), e);
        }
    }

    private List<Attempt> attempts(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return mapper.readValue(json, ATTEMPTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored attempts are not readable: " + e.getOriginalMessage(), e);
        }
    }

    private JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return mapper.createObjectNode().put("unreadable", json);
        }
    }

    private Map<String, Object> convert(JsonNode node) {
        return node == null || !node.isObject() ? null : mapper.convertValue(node, MAP);
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
