package io.weft.fabric.emulator.fabric;

import io.weft.fabric.emulator.EmulatorOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The realistic profile's draws match real Fabric's figures; the fast profile and fixed values win; time-scale divides. */
class TimingProfileTest {

    private static List<TimingProfile.Timing> draw(RuntimeSettings settings, long seed, int n) {
        TimingProfile profile = new TimingProfile(seed);
        List<TimingProfile.Timing> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(profile.next(settings, null));
        }
        return all;
    }

    @Test
    void realisticDrawsHaveFabricsMedianP90MaxAndRetryAfters() {
        List<TimingProfile.Timing> all = draw(new RuntimeSettings(EmulatorOptions.defaults()), 1, 4000);
        List<Long> millis = new ArrayList<>(all.stream().map(t -> t.announced().toMillis()).toList());
        Collections.sort(millis);
        assertThat(millis.get(millis.size() / 2)).isBetween(6_000L, 8_000L);
        assertThat(millis.get(millis.size() * 9 / 10)).isBetween(26_000L, 34_000L);
        assertThat(millis.get(millis.size() - 1)).isEqualTo(61_000L);
        assertThat(all).extracting(TimingProfile.Timing::retryAfterSeconds).containsOnly(20, 30, 60, 120);
        long twenties = all.stream().filter(t -> t.retryAfterSeconds() == 20).count();
        assertThat(twenties).isBetween(3000L, 3400L);
        assertThat(all).allSatisfy(t -> assertThat(t.real()).isEqualTo(t.announced()));
    }

    @Test
    void theSameSeedDrawsTheSameSequence() {
        RuntimeSettings settings = new RuntimeSettings(EmulatorOptions.defaults());
        assertThat(draw(settings, 42, 50)).isEqualTo(draw(settings, 42, 50)).isNotEqualTo(draw(settings, 43, 50));
    }

    @Test
    void timeScaleDividesTheRealWaitButNotTheAnnouncedOne() {
        List<TimingProfile.Timing> all = draw(new RuntimeSettings(EmulatorOptions.defaults().timeScale(100)), 1, 200);
        assertThat(all).allSatisfy(t -> {
            assertThat(t.real().toNanos()).isEqualTo(Math.round(t.announced().toNanos() / 100.0));
            assertThat(t.retryAfterSeconds()).isGreaterThanOrEqualTo(20);
        });
    }

    @Test
    void theFastProfileAndFixedValuesUseTheFixedDurationAndRetryAfter() {
        assertThat(draw(new RuntimeSettings(EmulatorOptions.defaults().fast()), 1, 20))
                .containsOnly(new TimingProfile.Timing(1, Duration.ofMillis(300), Duration.ofMillis(300)));
        assertThat(draw(new RuntimeSettings(EmulatorOptions.defaults().retryAfterSeconds(5).timeScale(10)), 1, 20))
                .containsOnly(new TimingProfile.Timing(5, Duration.ofMillis(300), Duration.ofMillis(30)));
    }

    @Test
    void aSlowOperationFaultsDurationWinsAndIsScaled() {
        TimingProfile.Timing t = new TimingProfile(1).next(new RuntimeSettings(EmulatorOptions.defaults().fast().timeScale(4)), Duration.ofSeconds(8));
        assertThat(t).isEqualTo(new TimingProfile.Timing(1, Duration.ofSeconds(8), Duration.ofSeconds(2)));
    }
}
