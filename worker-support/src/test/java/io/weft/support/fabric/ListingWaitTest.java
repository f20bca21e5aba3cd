package io.weft.support.fabric;

import io.weft.fabric.client.http.RecordingSleeper;
import io.weft.fabric.client.http.Sleeper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListingWaitTest {

    private final RecordingSleeper sleeper = RecordingSleeper.virtual();
    private final ListingWait wait = new ListingWait(sleeper);

    @Test
    void intervalsDoubleUpToTheCeilingAndTheItemIsReturnedOnceListed() throws InterruptedException {
        List<Integer> notYet = new ArrayList<>();
        Optional<String> found = wait.until("model m", listedAtLookup(6, "m"),
                new ListingWait.Schedule(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofMinutes(5)), notYet::add);

        assertThat(found).contains("m");
        assertThat(notYet).containsExactly(1, 2, 3, 4, 5);
        assertThat(sleeper.waits("listing model m")).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    @Test
    void theBudgetEndsTheWaitAndTheLastWaitIsCutToWhatIsLeft() throws InterruptedException {
        Optional<String> found = wait.until("model m", Optional::empty,
                ListingWait.Schedule.every(Duration.ofSeconds(2), Duration.ofSeconds(5)), lookups -> { });

        assertThat(found).isEmpty();
        List<Duration> waits = sleeper.waits("listing model m");
        assertThat(waits).hasSize(3);
        assertThat(waits.subList(0, 2)).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
        // The budget's clock is the sleeper's: the third wait is what is left of 5 s after 4 s (less the time the
        // test itself took), never the full interval.
        assertThat(waits.get(2)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus)).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aZeroBudgetLooksUpOnceAndNeverWaits() throws InterruptedException {
        AtomicInteger lookups = new AtomicInteger();
        Optional<Object> found = wait.until("x", () -> {
            lookups.incrementAndGet();
            return Optional.empty();
        }, ListingWait.Schedule.every(Duration.ofSeconds(1), Duration.ZERO), n -> { });

        assertThat(found).isEmpty();
        assertThat(lookups).hasValue(1);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void whatTheCallbackThrowsEndsTheWaitBeforeAnySleep() {
        assertThatThrownBy(() -> wait.until("x", Optional::empty, ListingWait.Schedule.every(Duration.ofSeconds(1),
                Duration.ofMinutes(1)), n -> {
                    throw new IllegalStateException("cancelled");
                })).hasMessage("cancelled");
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void aScheduleWhoseCeilingIsBelowItsFirstIntervalIsRefused() {
        assertThatThrownBy(() -> new ListingWait.Schedule(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListingWait.Schedule.every(Duration.ZERO, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Real time, once: a short real wait is really taken and the item found after it. */
    @Test
    void realTimeSmoke() throws InterruptedException {
        ListingWait real = new ListingWait(Sleeper.THREAD);
        long start = System.nanoTime();
        assertThat(real.until("x", listedAtLookup(2, "x"), ListingWait.Schedule.every(Duration.ofMillis(50),
                Duration.ofSeconds(30)), n -> { })).contains("x");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    private static <T> Supplier<Optional<T>> listedAtLookup(int lookup, T item) {
        AtomicInteger lookups = new AtomicInteger();
        return () -> lookups.incrementAndGet() >= lookup ? Optional.of(item) : Optional.empty();
    }
}
