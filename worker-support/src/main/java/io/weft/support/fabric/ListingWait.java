package io.weft.support.fabric;

import io.weft.fabric.client.http.Sleeper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits until Fabric lists an item it has accepted but not yet shown (a graph model Fabric creates for an ontology,
 * a model whose create an earlier attempt started): looks it up, and between lookups waits an interval that doubles
 * up to a ceiling, within a time budget. The one way workers wait for a listing. The waits and the budget's clock are
 * the fabric-client's {@link Sleeper} (purpose {@code "listing <what>"}), so a test records the waits requested
 * ({@code RecordingSleeper}) instead of timing them.
 */
@ApplicationScoped
public class ListingWait {

    /** Purpose of the waits between lookups; the recorded purpose is {@code "listing <what>"}. */
    public static final String LISTING = "listing";

    /**
     * How to wait: the first interval, doubled after each lookup up to {@code maxInterval}, for at most
     * {@code budget} in all (the last wait is cut to what is left of it).
     */
    public record Schedule(Duration firstInterval, Duration maxInterval, Duration budget) {
        public Schedule {
            if (firstInterval.isNegative() || firstInterval.isZero() || maxInterval.compareTo(firstInterval) < 0
                    || budget.isNegative()) {
                throw new IllegalArgumentException("a listing wait needs 0 < firstInterval <= maxInterval and a budget >= 0,"
                        + " was " + firstInterval + ", " + maxInterval + ", " + budget);
            }
        }

        /** The same interval every time. */
        public static Schedule every(Duration interval, Duration budget) {
            return new Schedule(interval, interval, budget);
        }
    }

    /** Called after each lookup that did not find the item, before the wait; may throw to stop waiting (e.g. a cancel). */
    @FunctionalInterface
    public interface NotYet {
        void notListed(int lookups);
    }

    private final Sleeper sleeper;

    @Inject
    public ListingWait(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    /**
     * Looks the item up until {@code lookup} finds it or the budget is spent.
     *
     * @param what   what is waited for, for the record of the waits (e.g. {@code "graph model of sales"})
     * @param notYet told after every unsuccessful lookup (progress, cancellation); what it throws ends the wait
     * @return the item, or empty when it is still not listed once the budget is spent
     */
    public <T> Optional<T> until(String what, Supplier<Optional<T>> lookup, Schedule schedule, NotYet notYet)
            throws InterruptedException {
        long deadline = sleeper.nanoTime() + schedule.budget().toNanos();
        Duration interval = schedule.firstInterval();
        for (int lookups = 1; ; lookups++) {
            Optional<T> found = lookup.get();
            if (found.isPresent()) {
                return found;
            }
            notYet.notListed(lookups);
            long remaining = deadline - sleeper.nanoTime();
            if (remaining <= 0) {
                return Optional.empty();
            }
            sleeper.sleep(interval.toNanos() <= remaining ? interval : Duration.ofNanos(remaining), LISTING + " " + what);
            Duration doubled = interval.multipliedBy(2);
            interval = doubled.compareTo(schedule.maxInterval()) > 0 ? schedule.maxInterval() : doubled;
        }
    }
}
