package io.weft.tracker.service;

import io.weft.tracker.config.TrackerConfig;
import io.weft.tracker.model.Lifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Says whether a job that has not completed has been silent for longer than its kind allows
 * ({@code weft.tracker.stall.*}), measured on the injected clock from the job's last event.
 */
@ApplicationScoped
public class StallPolicy {

    /** How a job stands with respect to stalling, as of one instant. */
    public record Stall(boolean stalled, Long silentForSeconds, Long stalledAfterSeconds) {
        static final Stall NOT_APPLICABLE = new Stall(false, null, null);
    }

    private final TrackerConfig.Stall config;
    private final Clock clock;

    @Inject
    public StallPolicy(TrackerConfig config, Clock clock) {
        this.config = config.stall();
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** The silence after which a job of this kind in this lifecycle counts as stalled; null once completed. */
    public Duration threshold(String kind, Lifecycle lifecycle) {
        TrackerConfig.Stall.KindStall override = kind == null ? null : config.kinds().get(kind);
        return switch (lifecycle) {
            case QUEUED -> override != null && override.queuedAfter().isPresent() ? override.queuedAfter().get()
                    : config.queuedAfter();
            case RUNNING -> override != null && override.runningAfter().isPresent() ? override.runningAfter().get()
                    : config.runningAfter();
            case COMPLETED -> null;
        };
    }

    public Stall assess(String kind, Lifecycle lifecycle, Instant lastEventAt, Instant now) {
        Duration threshold = threshold(kind, lifecycle);
        if (threshold == null || lastEventAt == null) {
            return Stall.NOT_APPLICABLE;
        }
        Duration silent = Duration.between(lastEventAt, now);
        long silentSeconds = Math.max(0, silent.getSeconds());
        return new Stall(silent.compareTo(threshold) > 0, silentSeconds, threshold.getSeconds());
    }

    /**
     * An SQL condition over table alias {@code j} that holds for the jobs stalled as of {@code now}, its
     * parameters appended to {@code params}: the kinds with overrides get their own cut-off, every other kind
     * the default.
     */
    String stalledCondition(Instant now, List<Object> params) {
        return "(j.lifecycle = 'QUEUED' AND j.last_event_at < " + cutoff(Lifecycle.QUEUED, now, params)
                + " OR j.lifecycle = 'RUNNING' AND j.last_event_at < " + cutoff(Lifecycle.RUNNING, now, params) + ")";
    }

    private String cutoff(Lifecycle lifecycle, Instant now, List<Object> params) {
        StringBuilder sql = new StringBuilder("CASE");
        for (Map.Entry<String, TrackerConfig.Stall.KindStall> kind : config.kinds().entrySet()) {
            sql.append(" WHEN j.kind = ? THEN ?::timestamptz");
            params.add(kind.getKey());
            params.add(now.minus(threshold(kind.getKey(), lifecycle)));
        }
        params.add(now.minus(threshold(null, lifecycle)));
        return sql.append(" ELSE ?::timestamptz END").toString();
    }
}
