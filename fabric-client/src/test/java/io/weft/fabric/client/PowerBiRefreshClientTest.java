package io.weft.fabric.client;

import io.weft.fabric.client.http.RecordingSleeper;
import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.client.job.JobInstancePoller;
import io.weft.fabric.client.powerbi.PowerBiRefreshClient;
import io.weft.fabric.client.powerbi.RefreshDetail;
import io.weft.fabric.client.powerbi.RefreshPoller;
import io.weft.fabric.client.powerbi.RefreshRef;
import io.weft.fabric.client.powerbi.RefreshRequest;
import io.weft.fabric.client.powerbi.RefreshStatus;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.fabric.RefreshBehaviour;
import io.weft.testsupport.fabric.FabricEmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Power BI refresh client against the emulator's Power BI API: its own URL, token scope and error shape. */
@ExtendWith(FabricEmulatorExtension.class)
class PowerBiRefreshClientTest {

    private static final JobInstancePoller.Intervals INTERVALS = new JobInstancePoller.Intervals(Duration.ofMillis(100),
            Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(50));

    private FabricEmulator emulator;
    private PowerBiRefreshClient refreshes;
    private RecordingSleeper sleeper;
    private RefreshPoller poller;
    private String ws;
    private String model;

    @BeforeEach
    void setUp(FabricEmulator emulator) {
        this.emulator = emulator;
        emulator.admin().reset();
        emulator.admin().retryAfterSeconds(1);
        FabricClient client = FabricClient.create(EmulatorSettings.of(emulator));
        refreshes = client.refreshes();
        sleeper = RecordingSleeper.over(Sleeper.THREAD);
        poller = new RefreshPoller(refreshes, sleeper, Clock.systemUTC());
        ws = emulator.admin().createWorkspace("refresh-" + System.nanoTime());
        model = emulator.admin().createSemanticModel(ws, "Sales", "Customers", "Orders");
    }

    @Test
    void anEnhancedRefreshOfTwoTablesReportsEachTablesProgressUntilCompleted() throws Exception {
        emulator.admin().refreshes().script(model, RefreshBehaviour.completes(Duration.ofMillis(100), Duration.ofMillis(300)));

        RefreshRef ref = refreshes.trigger(ws, model, RefreshRequest.enhanced("Full", "Transactional", 1, 0,
                List.of(new RefreshRequest.RefreshObject("Customers", null), new RefreshRequest.RefreshObject("Orders", null)),
                "00:10:00"));
        List<String> seen = new ArrayList<>();
        RefreshPoller.Result result = poller.follow(ref, null, INTERVALS, false, () -> false, (detail, changed) -> {
            if (changed) {
                seen.add(detail.extendedStatus() + " " + detail.objects().stream().map(o -> o.table() + "=" + o.status()).toList());
            }
        });

        assertThat(ref.enhanced()).isTrue();
        assertThat(ref.location().toString()).startsWith(emulator.powerBiApiUrl() + "/groups/" + ws + "/datasets/" + model + "/refreshes/");
        assertThat(result.outcome()).isEqualTo(RefreshPoller.Outcome.TERMINAL);
        assertThat(result.detail().refreshStatus()).isEqualTo(RefreshStatus.COMPLETED);
        assertThat(seen).contains("InProgress [Customers=InProgress, Orders=NotStarted]",
                "InProgress [Customers=Completed, Orders=InProgress]");
        assertThat(seen).last().isEqualTo("Completed [Customers=Completed, Orders=Completed]");
        // Retry-After: 1 capped at the 200 ms maximum, waited in 50 ms slices.
        assertThat(sleeper.waits()).isNotEmpty().allSatisfy(w -> assertThat(w.requested()).isEqualTo(Duration.ofMillis(50)));
        assertThat(emulator.admin().refreshes().requestsJson(model).get(0)).contains("\"maxParallelism\":1").doesNotContain("notifyOption");
        assertThat(refreshes.history(ws, model, 1)).singleElement().satisfies(entry -> {
            assertThat(entry.requestId()).isEqualTo(ref.refreshId());
            assertThat(entry.refreshType()).isEqualTo("ViaEnhancedApi");
            assertThat(entry.refreshStatus()).isEqualTo(RefreshStatus.COMPLETED);
        });
    }

    @Test
    void aSecondRefreshWhileOneRunsIsRefusedInPowerBisErrorShape() {
        emulator.admin().refreshes().script(model, RefreshBehaviour.stuck());
        emulator.admin().refreshes().startScheduledRefresh(ws, model);

        assertThatThrownBy(() -> refreshes.trigger(ws, model, RefreshRequest.enhanced("Full", null, null, null, null, null)))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.errorCode()).isEqualTo("InvalidRequest");
                    assertThat(e.fabricMessage()).contains("Another refresh request is already executing");
                    assertThat(e.retriable()).isFalse();
                    assertThat(PowerBiRefreshClient.isAnotherRefreshRunning(e)).isTrue();
                });
        assertThat(refreshes.running(ws, model)).get().extracting(RefreshDetail::refreshType).isEqualTo("ViaApi");
        assertThat(emulator.admin().refreshes().refreshCount(model)).isEqualTo(1);
    }

    @Test
    void aFailedRefreshCarriesItsMessagesAndAMissingDatasetIsNotFound() throws Exception {
        emulator.admin().refreshes().script(model, RefreshBehaviour.fails("Orders", Duration.ofMillis(50),
                new RefreshBehaviour.Message("0xC112001D", "The credentials of data source 'sql' are not valid.")));

        RefreshRef ref = refreshes.trigger(ws, model, RefreshRequest.enhanced("Full", null, null, null, null, null));
        RefreshPoller.Result result = poller.follow(ref, null, INTERVALS, true, () -> false, (d, c) -> { });

        assertThat(result.detail().refreshStatus()).isEqualTo(RefreshStatus.FAILED);
        assertThat(result.detail().messages()).extracting(RefreshDetail.Message::code, RefreshDetail.Message::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0xC112001D", "The credentials of data source 'sql' are not valid."));
        assertThat(result.detail().objects()).extracting(RefreshDetail.ObjectStatus::status).containsExactly("Completed", "Failed");
        assertThatThrownBy(() -> refreshes.history(ws, "8b3f0c1e-0000-4000-8000-000000000000", null))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo("ItemNotFound");
                });
    }

    @Test
    void aCancelledRefreshEndsCancelledAndAStandardOneIsFollowedInTheHistory() throws Exception {
        emulator.admin().refreshes().script(model, RefreshBehaviour.stuck(), RefreshBehaviour.completes(Duration.ZERO, Duration.ofMillis(50)));
        RefreshRef stuck = refreshes.trigger(ws, model, RefreshRequest.enhanced("Full", null, null, null, null, null));

        refreshes.cancel(stuck);
        RefreshPoller.Result cancelled = poller.follow(stuck, null, INTERVALS, true, () -> false, (d, c) -> { });
        RefreshRef standard = refreshes.trigger(ws, model, RefreshRequest.standard());
        RefreshPoller.Result done = poller.follow(standard, null, INTERVALS, true, () -> false, (d, c) -> { });

        assertThat(emulator.admin().refreshes().cancelRequested(stuck.refreshId())).isTrue();
        assertThat(cancelled.detail().refreshStatus()).isEqualTo(RefreshStatus.CANCELLED);
        assertThat(standard.enhanced()).isFalse();
        assertThat(standard.refreshId()).isNotBlank();
        assertThat(done.detail().refreshStatus()).isEqualTo(RefreshStatus.COMPLETED);
        assertThat(done.detail().requestId()).isEqualTo(standard.refreshId());
        assertThatThrownBy(() -> refreshes.cancel(standard)).isInstanceOf(FabricException.class);
    }
}
