package io.weft.tracker.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.weft.tracker.config.TrackerConfig;
import io.weft.tracker.model.JobView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Live streams of job changes. Each stream keeps its own cursor (a change sequence) and, whenever it is woken
 * (by a commit in this process, or by its poll interval for changes written elsewhere), reads what changed
 * after its cursor from PostgreSQL: so a stream never skips a change, and a client resuming with the last
 * change sequence it saw gets exactly what it missed.
 */
@ApplicationScoped
public class JobStreams {

    /** Names of the events a stream sends. */
    public static final String SNAPSHOT = "snapshot";
    public static final String JOB = "job";
    public static final String JOB_REMOVED = "job-removed";

    private static final int CHANGES_PER_READ = 200;

    /** One event of a stream: its SSE id (a change sequence), name and data. */
    public record StreamEvent(long id, String name, Object data) {
    }

    private final JobQueries queries;
    private final JobChangeNotifier notifier;
    private final TrackerConfig config;

    @Inject
    public JobStreams(JobQueries queries, JobChangeNotifier notifier, TrackerConfig config) {
        this.queries = queries;
        this.notifier = notifier;
        this.config = config;
    }

    /**
     * @param filter      which jobs to send
     * @param detail      whether jobs carry their steps
     * @param resumeAfter the client's {@code Last-Event-ID}: no snapshot, only the changes after it
     */
    public Multi<StreamEvent> stream(JobFilter filter, boolean detail, Long resumeAfter) {
        Cursor cursor = new Cursor(resumeAfter);
        boolean reportLeaving = filter.jobId() == null;
        Multi<Long> wakeUps = Multi.createBy().merging().streams(
                Multi.createFrom().item(0L),
                notifier.signals().onOverflow().dropPreviousItems(),
                Multi.createFrom().ticks().every(config.stream().pollInterval()).onOverflow().drop());
        return wakeUps
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToIterable(wakeUp -> cursor.next(filter, detail, reportLeaving));
    }

    private final class Cursor {
        private Long position;

        Cursor(Long resumeAfter) {
            this.position = resumeAfter;
        }

        List<StreamEvent> next(JobFilter filter, boolean detail, boolean reportLeaving) {
            List<StreamEvent> events = new ArrayList<>();
            if (position == null) {
                JobQueries.Snapshot snapshot = queries.snapshot(filter, config.stream().snapshotLimit(), detail);
                position = snapshot.cursor();
                events.add(new StreamEvent(position, SNAPSHOT, Map.of("jobs", snapshot.jobs(), "cursor", position)));
                return events;
            }
            JobQueries.Changes changes;
            do {
                changes = queries.changesAfter(position, filter, reportLeaving, CHANGES_PER_READ, detail);
                List<StreamEvent> batch = new ArrayList<>();
                for (JobView job : changes.matching()) {
                    batch.add(new StreamEvent(job.changeSeq(), JOB, job));
                }
                if (reportLeaving) {
                    for (JobView job : changes.leftFilter()) {
                        batch.add(new StreamEvent(job.changeSeq(), JOB_REMOVED, Map.of("id", job.id())));
                    }
                }
                batch.sort((a, b) -> Long.compare(a.id(), b.id()));
                events.addAll(batch);
                position = changes.cursor();
            } while (changes.matching().size() + changes.leftFilter().size() == CHANGES_PER_READ);
            return events;
        }
    }
}
