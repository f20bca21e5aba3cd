package io.weft.tracker.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.weft.tracker.config.TrackerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Purges completed jobs older than {@code weft.tracker.retention.max-age}, with their steps and history, in
 * small transactions so that folding is never held up for long.
 */
@ApplicationScoped
public class RetentionService {

    private static final Logger LOG = Logger.getLogger(RetentionService.class);

    private final AgroalDataSource dataSource;
    private final TrackerConfig config;

    @Inject
    public RetentionService(AgroalDataSource dataSource, TrackerConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    @Scheduled(every = "${weft.tracker.retention.every:10m}", delayed = "${weft.tracker.retention.every:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOnSchedule() {
        if (config.retention().enabled()) {
            purge(Instant.now().minus(config.retention().maxAge()));
        }
    }

    /** Deletes every completed job that finished before the cutoff; returns how many. */
    public int purge(Instant finishedBefore) {
        int purged = 0;
        int batch;
        do {
            batch = purgeBatch(finishedBefore, config.retention().batchSize());
            purged += batch;
        } while (batch == config.retention().batchSize());
        if (purged > 0) {
            LOG.infof("Purged %d completed jobs that finished before %s", purged, finishedBefore);
        }
        return purged;
    }

    private int purgeBatch(Instant finishedBefore, int size) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                JobProjector.lockWriters(connection);
                List<String> ids = new ArrayList<>();
                try (PreparedStatement delete = connection.prepareStatement("""
                        DELETE FROM job WHERE job_id IN (
                            SELECT job_id FROM job WHERE lifecycle = 'COMPLETED' AND finished_at < ?
                            ORDER BY finished_at LIMIT ?)
                        RETURNING job_id""")) {
                    delete.setObject(1, finishedBefore.atOffset(ZoneOffset.UTC));
                    delete.setInt(2, size);
                    try (ResultSet rows = delete.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getString(1));
                        }
                    }
                }
                if (!ids.isEmpty()) {
                    try (PreparedStatement history = connection.prepareStatement(
                            "DELETE FROM job_input WHERE job_id = ANY (?)")) {
                        history.setArray(1, connection.createArrayOf("text", ids.toArray()));
                        history.executeUpdate();
                    }
                }
                connection.commit();
                return ids.size();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("purging completed jobs failed: " + e.getMessage(), e);
        }
    }
}
