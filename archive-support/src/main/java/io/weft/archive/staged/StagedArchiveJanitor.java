package io.weft.archive.staged;

import io.weft.contracts.command.StagedArchive;
import io.weft.support.staging.StagingStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Deletes the staged archives of succeeded jobs once their retention has passed; see {@link StagedArchiveConfig}. */
@ApplicationScoped
public class StagedArchiveJanitor {

    private static final Logger LOG = Logger.getLogger(StagedArchiveJanitor.class);

    private final StagingStore staging;
    private final StagedArchiveConfig config;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "weft-staging-janitor");
        thread.setDaemon(true);
        return thread;
    });

    public StagedArchiveJanitor(StagingStore staging, StagedArchiveConfig config) {
        this.staging = staging;
        this.config = config;
    }

    /** Schedules the deletion of a succeeded job's archive, when configured; nothing for a job without one. */
    public void succeeded(String jobId, StagedArchive archive) {
        if (archive == null || !config.deleteAfterSuccess()) {
            return;
        }
        scheduler.schedule(() -> delete(jobId, archive), config.retentionAfterSuccess().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void delete(String jobId, StagedArchive archive) {
        try {
            if (staging.delete(archive)) {
                LOG.infof("Deleted the staged archive of job %s", jobId);
            }
        } catch (Exception e) {
            LOG.warnf("Could not delete the staged archive of job %s: %s", jobId, e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
