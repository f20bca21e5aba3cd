package io.weft.fabric.emulator.fabric;

import java.time.Duration;
import java.util.Random;

/**
 * How long operations last and what Retry-After they announce. {@link Kind#REALISTIC} (the default) draws both per
 * operation, seedably, the way real Fabric behaves: Retry-After mostly 20 s, sometimes 30 or 60 as in the spec's
 * examples, 120 on some publishes; durations log-normal with median 7 s and p90 30 s, capped at 61 s.
 * {@link Kind#FAST} uses the fixed {@link RuntimeSettings#operationDuration} and {@link RuntimeSettings#retryAfterSeconds}
 * (what other modules' tests select explicitly). Every wait is divided by the time-scale; the announced seconds are not.
 */
public final class TimingProfile {

    /** The two profiles; see the class comment. */
    public enum Kind { REALISTIC, FAST }

    /** Median 7 s, p90 30 s: sigma = ln(30/7) / z(0.9). */
    static final double MEDIAN_SECONDS = 7;
    static final double SIGMA = Math.log(30.0 / 7.0) / 1.2815515655446004;
    static final double MAX_SECONDS = 61;

    /** One operation's timing: what it announces and how long it really (scaled) lasts. */
    public record Timing(int retryAfterSeconds, Duration announced, Duration real) {
    }

    private final Random random;

    TimingProfile(long seed) {
        this.random = new Random(seed);
    }

    /** The timing of a new operation under {@code settings}; a slow-operation fault's duration wins. */
    synchronized Timing next(RuntimeSettings settings, Duration faultDuration) {
        int retryAfter;
        Duration announced;
        if (settings.profile == Kind.REALISTIC && !settings.fixedTiming) {
            double r = random.nextDouble();
            retryAfter = r < 0.80 ? 20 : r < 0.90 ? 30 : r < 0.98 ? 60 : 120;
            double seconds = Math.min(MAX_SECONDS, MEDIAN_SECONDS * Math.exp(SIGMA * random.nextGaussian()));
            announced = Duration.ofMillis(Math.round(seconds * 1000));
        } else {
            retryAfter = settings.retryAfterSeconds;
            announced = settings.operationDuration;
        }
        if (faultDuration != null) {
            announced = faultDuration;
        }
        return new Timing(retryAfter, announced, settings.scaled(announced));
    }
}
