package io.weft.tracker.service;

import io.agroal.api.AgroalDataSource;
import io.weft.tracker.model.RejectedInput;
import io.weft.tracker.model.RejectedInputPage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The store of records the tracker could not fold: written with each batch's fold, read by the API. */
@ApplicationScoped
public class RejectedInputs {

    /** Longest reason stored. */
    static final int MAX_REASON_CHARS = 2_000;
    /** Longest key stored. */
    static final int MAX_KEY_CHARS = 500;

    private final AgroalDataSource dataSource;

    @Inject
    public RejectedInputs(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores rejections within the caller's transaction; a replayed record is stored once. */
    void insert(Connection connection, List<RejectedInput> rejected) throws SQLException {
        if (rejected.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO rejected_input (topic, kafka_partition, kafka_offset, record_key, job_id, reason, preview,
                                            value_bytes, record_time)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (topic, kafka_partition, kafka_offset) DO NOTHING""")) {
            for (RejectedInput input : rejected) {
                insert.setString(1, input.topic());
                insert.setInt(2, input.partition());
                insert.setLong(3, input.offset());
                insert.setString(4, StoredText.clean(input.key(), MAX_KEY_CHARS));
                insert.setString(5, StoredText.clean(input.jobId(), MAX_KEY_CHARS));
                insert.setString(6, StoredText.clean(input.reason(), MAX_REASON_CHARS));
                insert.setString(7, StoredText.clean(input.preview(), MAX_REASON_CHARS));
                if (input.valueBytes() == null) {
                    insert.setNull(8, Types.INTEGER);
                } else {
                    insert.setInt(8, input.valueBytes());
                }
                insert.setObject(9, input.recordTime() == null ? null : input.recordTime().atOffset(ZoneOffset.UTC));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Newest first; {@code cursor} is the {@code nextCursor} of the previous page. */
    public RejectedInputPage page(String cursor, int limit) {
        long before = cursor == null || cursor.isBlank() ? Long.MAX_VALUE : parseCursor(cursor);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT id, topic, kafka_partition, kafka_offset, record_key, job_id, reason, preview, value_bytes,
                               record_time, received_at
                        FROM rejected_input WHERE id < ? ORDER BY id DESC LIMIT ?""")) {
            select.setLong(1, before);
            select.setInt(2, limit + 1);
            List<RejectedInput> items = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Timestamp recordTime = rows.getTimestamp("record_time");
                    items.add(new RejectedInput(rows.getLong("id"), rows.getString("topic"), rows.getInt("kafka_partition"),
                            rows.getLong("kafka_offset"), rows.getString("record_key"), rows.getString("job_id"),
                            rows.getString("reason"), rows.getString("preview"),
                            (Integer) rows.getObject("value_bytes"),
                            recordTime == null ? null : recordTime.toInstant(), rows.getTimestamp("received_at").toInstant()));
                }
            }
            String next = null;
            if (items.size() > limit) {
                items = items.subList(0, limit);
                next = Long.toString(items.get(limit - 1).id());
            }
            return new RejectedInputPage(List.copyOf(items), next);
        } catch (SQLException e) {
            throw new IllegalStateException("reading rejected inputs failed", e);
        }
    }

    private static long parseCursor(String cursor) {
        try {
            return Long.parseLong(cursor.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cursor must be the nextCursor of a previous page, not '" + cursor + "'");
        }
    }
}
