package io.weft.support.jobs;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Progress coalescing on a clock the test moves: what is sent, and when, for the shapes of steps workers run. */
class ProgressCoalescerTest {

    private final AtomicLong clock = new AtomicLong();
    private final ProgressCoalescer coalescer = new ProgressCoalescer(Duration.ofMillis(250), 1, Duration.ofSeconds(5),
            clock::get);

    @Test
    void aHundredThousandFilesSendHundredsOfEventsWithEveryPercentShown() {
        int files = 100_000;
        List<Long> sentDone = new ArrayList<>();
        List<Long> sentAt = new ArrayList<>();
        for (int done = 1; done <= files; done++) {
            clock.addAndGet(Duration.ofMillis(6).toNanos()); // 10 minutes in all
            if (coalescer.offer(done, files, null)) {
                sentDone.add((long) done);
                sentAt.add(clock.get());
            }
        }
        // At most a percent step each, plus heartbeats, plus the first and the last.
        assertThat(sentDone).hasSizeBetween(100, 100 + 600 / 5 + 2);
        assertThat(sentDone.get(0)).isEqualTo(1);
        assertThat(sentDone.get(sentDone.size() - 1)).isEqualTo(files);
        // Smooth: no percent is skipped (each whole percent takes 6 s here, longer than the minimum interval).
        List<Long> percents = sentDone.stream().map(d -> 100 * d / files).distinct().toList();
        assertThat(percents).hasSize(101);
        for (int i = 1; i < sentAt.size(); i++) {
            assertThat(sentAt.get(i) - sentAt.get(i - 1)).isGreaterThanOrEqualTo(Duration.ofMillis(250).toNanos());
        }
    }

    @Test
    void aFastStepIsBoundedByTheMinimumIntervalAndStillSendsItsLastReport() {
        int sent = 0;
        for (int done = 1; done <= 1_000; done++) {
            clock.addAndGet(Duration.ofMillis(1).toNanos()); // one second in all
            sent += coalescer.offer(done, 1_000, null) ? 1 : 0;
        }
        // t = 1 ms (first), then one per 250 ms at the most (t = 251, 501, 751), then the last at t = 1000 ms.
        assertThat(sent).isEqualTo(5);
    }

    @Test
    void aStepThatDoesNotMoveSendsOnlyItsHeartbeat() {
        List<Long> sentAtSeconds = new ArrayList<>();
        for (int second = 0; second <= 20; second++) {
            clock.set(Duration.ofSeconds(second).toNanos());
            if (coalescer.offer(10, 1_000, null)) {
                sentAtSeconds.add((long) second);
            }
        }
        assertThat(sentAtSeconds).containsExactly(0L, 5L, 10L, 15L, 20L);
    }

    @Test
    void aStepWithoutKnownCompletionIsBoundedByTheMinimumIntervalAlone() {
        List<Long> sentAtMillis = new ArrayList<>();
        for (int ms = 0; ms <= 1_000; ms += 100) {
            clock.set(Duration.ofMillis(ms).toNanos());
            if (coalescer.offer(ms / 100, 0, null)) {
                sentAtMillis.add((long) ms);
            }
        }
        assertThat(sentAtMillis).containsExactly(0L, 300L, 600L, 900L);
    }

    @Test
    void fabricsPercentCompleteCountsAsCompletion() {
        List<Integer> sent = new ArrayList<>();
        for (int percent = 0; percent <= 100; percent += 1) {
            for (int repeat = 0; repeat < 10; repeat++) {
                clock.addAndGet(Duration.ofMillis(300).toNanos());
                if (coalescer.offer(0, 0, percent)) {
                    sent.add(percent);
                }
            }
        }
        // Each percent once (the repeats within 5 s are dropped), none twice.
        assertThat(sent).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(0, 100).boxed().toList());
    }

    @Test
    void aPercentStepOutsideOneToAHundredIsRefused() {
        assertThatThrownBy(() -> new ProgressCoalescer(Duration.ZERO, 0, Duration.ofSeconds(5), clock::get))
                .hasMessageContaining("weft.worker.progress-percent-step must be 1 to 100, was 0");
    }
}
