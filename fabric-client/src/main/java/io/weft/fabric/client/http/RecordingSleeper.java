package io.weft.fabric.client.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Sleeper} that writes down every wait the client asks for, as requested (the announced {@code Retry-After},
 * never the scaled real sleep), so tests assert on waits instead of wall-clock windows.
 * <ul>
 * <li>{@link #over(Sleeper)} records and really waits through another sleeper (e.g. {@link Sleeper#scaled(double)}
 * against an emulator at the same time-scale); its clock is that sleeper's.</li>
 * <li>{@link #virtual()} records and returns at once; its clock is the wall clock plus every wait requested so far, so
 * time budgets are spent exactly as if the waits had happened.</li>
 * </ul>
 * Under CDI, {@code weft.fabric.polling.record-waits=true} (a build-time switch for tests) makes it the client's sleeper bean.
 */
public final class RecordingSleeper implements Sleeper {

    /** One wait: how long was asked for, for what ({@code poll}, {@code throttled}, ...), and on which thread. */
    public record Wait(Duration requested, String purpose, String thread) {
    }

    private final Sleeper delegate;
    private final AtomicLong virtualNanos = new AtomicLong();
    private final List<Wait> waits = new CopyOnWriteArrayList<>();

    private RecordingSleeper(Sleeper delegate) {
        this.delegate = delegate;
    }

    public static RecordingSleeper over(Sleeper delegate) {
        return new RecordingSleeper(delegate);
    }

    public static RecordingSleeper virtual() {
        return new RecordingSleeper(null);
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        sleep(duration, "wait");
    }

    @Override
    public void sleep(Duration duration, String purpose) throws InterruptedException {
        waits.add(new Wait(duration, purpose, Thread.currentThread().getName()));
        if (delegate == null) {
            virtualNanos.addAndGet(duration.toNanos());
        } else {
            delegate.sleep(duration, purpose);
        }
    }

    @Override
    public long nanoTime() {
        return delegate == null ? System.nanoTime() + virtualNanos.get() : delegate.nanoTime();
    }

    /** Every wait so far, in order. */
    public List<Wait> waits() {
        return List.copyOf(waits);
    }

    /** The requested durations of the waits for {@code purpose}, in order. */
    public List<Duration> waits(String purpose) {
        return waits.stream().filter(w -> w.purpose().equals(purpose)).map(Wait::requested).toList();
    }

    /** The waits before each poll, per operation id, in the order the operations were first polled. */
    public Map<String, List<Duration>> pollWaitsByOperation() {
        Map<String, List<Duration>> byOperation = new LinkedHashMap<>();
        String prefix = POLL + " ";
        for (Wait w : waits) {
            if (w.purpose().startsWith(prefix)) {
                byOperation.computeIfAbsent(w.purpose().substring(prefix.length()), id -> new ArrayList<>()).add(w.requested());
            }
        }
        return byOperation;
    }

    public void clear() {
        waits.clear();
    }
}
