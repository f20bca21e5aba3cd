package io.weft.fabric.client;

import io.weft.fabric.client.http.FabricCall;
import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.client.job.ItemJobClient;
import io.weft.fabric.client.job.ItemJobInstance;
import io.weft.fabric.client.job.JobInstancePoller;
import io.weft.fabric.client.job.JobInstanceRef;
import io.weft.fabric.client.job.JobRunRequest;
import io.weft.fabric.client.job.JobStatus;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.fabric.JobBehaviour;
import io.weft.testsupport.fabric.FabricEmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(FabricEmulatorExtension.class)
class ItemJobClientTest {

    private static final JobInstancePoller.Intervals INTERVALS = new JobInstancePoller.Intervals(Duration.ofMillis(100),
            Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(50));

    private FabricEmulator emulator;
    private FabricClient client;
    private ItemJobClient jobs;
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private JobInstancePoller poller;
    private String ws;

    @BeforeEach
    void setUp(FabricEmulator emulator) {
        this.emulator = emulator;
        emulator.admin().reset();
        emulator.admin().longRunningOperations(false);
        emulator.admin().retryAfterSeconds(1);
        client = FabricClient.create(EmulatorSettings.of(emulator));
        jobs = client.jobs();
        Sleeper recording = d -> {
            sleeps.add(d);
            Sleeper.THREAD.sleep(d);
        };
        poller = new JobInstancePoller(jobs, recording, Clock.systemUTC());
        ws = emulator.admin().createWorkspace("jobs-" + System.nanoTime());
    }

    @Test
    void aRunWithParametersIsFollowedToCompletedHonouringRetryAfterWithinTheBounds() throws Exception {
        String pipeline = item("DataPipeline", "nightly");
        emulator.admin().jobs().script(pipeline, JobBehaviour.completes(Duration.ofMillis(150), Duration.ofMillis(300)));

        JobInstanceRef ref = jobs.start(ws, pipeline, "Pipeline", new JobRunRequest(Map.of(),
                List.of(new JobRunRequest.Parameter("OrderKey", "Integer", 25))));
        List<String> seen = new ArrayList<>();
        JobInstancePoller.Result result = poller.follow(ref, null, INTERVALS, false, () -> false, i -> seen.add(i.status()));

        assertThat(ref.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ref.location().toString()).endsWith("/items/" + pipeline + "/jobs/instances/" + ref.instanceId());
        assertThat(result.outcome()).isEqualTo(JobInstancePoller.Outcome.TERMINAL);
        assertThat(result.instance().jobStatus()).isEqualTo(JobStatus.COMPLETED);
        assertThat(seen).last().isEqualTo("Completed");
        assertThat(seen).doesNotHaveDuplicates();
        // Retry-After: 1 is capped at the 200 ms maximum, waited in 50 ms slices.
        assertThat(sleeps).isNotEmpty().allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofMillis(50)));
        assertThat(sleeps.size() % 4).isZero();
        assertThat(emulator.admin().jobs().runRequests(pipeline).get(0).path("parameters").get(0).path("value").asInt()).isEqualTo(25);
        assertThat(jobs.list(ws, pipeline)).extracting(ItemJobInstance::id).containsExactly(ref.instanceId());
    }

    @Test
    void aFailedRunCarriesFabricsFailureReason() throws Exception {
        String notebook = item("Notebook", "nb");
        emulator.admin().jobs().script(notebook, JobBehaviour.fails(Duration.ofMillis(50), "NotebookFailed", "cell 2 raised"));

        JobInstanceRef ref = jobs.start(ws, notebook, "RunNotebook", JobRunRequest.EMPTY);
        ItemJobInstance end = poller.follow(ref, null, INTERVALS, true, () -> false, i -> { }).instance();

        assertThat(end.jobStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(end.failureReason().errorCode()).isEqualTo("NotebookFailed");
        assertThat(end.failureReason().message()).isEqualTo("cell 2 raised");
        assertThat(end.failureReason().requestId()).isNotBlank();
    }

    @Test
    void aDeadlineStopsFollowingAStuckRunWhichACancelThenEnds() throws Exception {
        String sjd = item("SparkJobDefinition", "spark");
        emulator.admin().jobs().script(sjd, JobBehaviour.stuck(Duration.ofMillis(200)));
        JobInstanceRef ref = jobs.start(ws, sjd, "sparkjob", JobRunRequest.EMPTY);

        JobInstancePoller.Result timedOut = poller.follow(ref, Instant.now().plusMillis(400), INTERVALS, true, () -> false, i -> { });
        jobs.cancel(ref);
        JobInstancePoller.Result cancelled = poller.follow(ref, null, INTERVALS, true, () -> false, i -> { });

        assertThat(timedOut.outcome()).isEqualTo(JobInstancePoller.Outcome.DEADLINE);
        assertThat(timedOut.instance().jobStatus()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(cancelled.instance().jobStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThatThrownBy(() -> jobs.cancel(ref)).isInstanceOfSatisfying(FabricException.class,
                e -> assertThat(e.errorCode()).isEqualTo("JobAlreadyCompleted"));
    }

    @Test
    void aStopRequestEndsFollowingBeforeTheNextPoll() throws Exception {
        String pipeline = item("DataPipeline", "stop");
        emulator.admin().jobs().script(pipeline, JobBehaviour.stuck(Duration.ZERO));
        JobInstanceRef ref = jobs.start(ws, pipeline, "Pipeline", JobRunRequest.EMPTY);

        JobInstancePoller.Result result = poller.follow(ref, null, INTERVALS, false, () -> true, i -> { });

        assertThat(result.outcome()).isEqualTo(JobInstancePoller.Outcome.STOP_REQUESTED);
        assertThat(result.instance()).isNull();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aRecordedLocationReattachesAndForeignOrMalformedOnesAreRefused() {
        String pipeline = item("DataPipeline", "attach");
        JobInstanceRef ref = jobs.start(ws, pipeline, "Pipeline", JobRunRequest.EMPTY);

        JobInstanceRef again = jobs.attach(ref.location());

        assertThat(again.instanceId()).isEqualTo(ref.instanceId());
        assertThat(jobs.get(again).instance().id()).isEqualTo(ref.instanceId());
        assertThatThrownBy(() -> jobs.attach(URI.create("https://evil.example.com/v1/workspaces/a/items/b/jobs/instances/c")))
                .isInstanceOfSatisfying(FabricException.class, e -> assertThat(e.errorCode()).isEqualTo(ClientErrorCodes.UNTRUSTED_HOST));
        assertThatThrownBy(() -> jobs.attach(URI.create(emulator.fabricApiUrl() + "/workspaces/a/items/b/jobs/instances?jobType=Execute")))
                .isInstanceOfSatisfying(FabricException.class, e -> assertThat(e.errorCode()).isEqualTo(ClientErrorCodes.UNEXPECTED_RESPONSE));
    }

    @Test
    void findsAnItemByTypeAndName() {
        String id = item("Notebook", "Daily_Report");
        item("DataPipeline", "Daily_Report");

        assertThat(jobs.findItem(ws, "Notebook", "daily_report")).hasValueSatisfying(i -> assertThat(i.id()).isEqualTo(id));
        assertThat(jobs.findItem(ws, "SparkJobDefinition", "Daily_Report")).isEmpty();
        assertThat(jobs.item(ws, id).type()).isEqualTo("Notebook");
    }

    private String item(String type, String name) {
        return client.http().json(client.http().send(FabricCall.post("/workspaces/{workspaceId}/items",
                Map.of("displayName", name, "type", type), ws))).path("id").asText();
    }
}
