package io.weft.tracker.service;

import io.agroal.api.AgroalDataSource;
import io.weft.tracker.config.TrackerConfig;
import io.weft.tracker.model.JobInput;
import io.weft.tracker.model.RejectedInput;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Folds one batch of inputs (and stores its rejected records) in one transaction, then wakes the live streams. */
@ApplicationScoped
public class FoldService {

    private static final Logger LOG = Logger.getLogger(FoldService.class);

    private final AgroalDataSource dataSource;
    private final JobChangeNotifier notifier;
    private final RejectedInputs rejectedInputs;
    private final JobProjector projector;

    @Inject
    public FoldService(AgroalDataSource dataSource, JobChangeNotifier notifier, RejectedInputs rejectedInputs,
            TrackerConfig config) {
        this.projector = new JobProjector(config.fold().cachedJobs(), config.fold().checkpointEvery());
        this.dataSource = dataSource;
        this.notifier = notifier;
        this.rejectedInputs = rejectedInputs;
    }

    /**
     * Applies the batch, and stores the records of it that could not be folded, in the same transaction; retried while PostgreSQL is briefly unavailable. When it still fails the batch is not
     * acknowledged and the consumer stops, so the records are read again after a restart.
     */
    @Retry(maxRetries = 8, delay = 200, maxDuration = 60, durationUnit = ChronoUnit.SECONDS)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public List<JobChange> apply(List<JobInput> inputs, List<RejectedInput> rejected) {
        if (inputs.isEmpty() && rejected.isEmpty()) {
            return List.of();
        }
        List<JobChange> changes;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                changes = inputs.isEmpty() ? List.of() : projector.apply(connection, inputs);
                rejectedInputs.insert(connection, rejected);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            LOG.warnf("Folding a batch of %d inputs failed: %s", inputs.size(), e.getMessage());
            throw new IllegalStateException("folding a batch failed", e);
        }
        notifier.committed(changes);
        return changes;
    }
}
