package io.weft.support.jobs;

import io.smallrye.common.annotation.Blocking;
import io.weft.contracts.command.ProvisionGraphScenario;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A worker with two trivial steps; a scenario named "reject-me" is rejected as a poison command, and one named
 * "parallel-progress" reports its first step's progress from {@link #PROGRESS_THREADS} threads at once.
 */
@ApplicationScoped
public class EchoWorker implements JobHandler<ProvisionGraphScenario> {

    static final String CHANNEL = "provision-commands";
    static final int PROGRESS_THREADS = 8;
    static final int REPORTS_PER_THREAD = 25;

    @Inject
    JobRunner runner;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        return runner.submit(message, ProvisionGraphScenario.class, this);
    }

    @Override
    public String kind() {
        return "graph-scenario";
    }

    @Override
    public List<String> steps(ProvisionGraphScenario command) {
        return List.of("first", "second");
    }

    @Override
    public Map<String, Object> run(ProvisionGraphScenario command, JobContext context) throws Exception {
        if (command.scenarioName().equals("reject-me")) {
            throw new CommandRejectedException("StagedArchiveMissing", "no staged archive at " + command.archive().uri());
        }
        if (command.scenarioName().equals("parallel-progress")) {
            context.step("first", progress -> {
                reportFromManyThreads(progress);
                return Map.of("files", PROGRESS_THREADS);
            });
        } else {
            context.step("first", progress -> {
                progress.report(1, 1, "files", null, null);
                return Map.of("files", 1);
            });
        }
        context.step("second", progress -> Map.of());
        return Map.of("scenario", command.scenarioName());
    }

    /** Complete reports (done = total) always pass the coalescer, so every one of them becomes an event. */
    private static void reportFromManyThreads(JobContext.StepProgress progress) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(PROGRESS_THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> reporters = new ArrayList<>();
            for (int t = 0; t < PROGRESS_THREADS; t++) {
                reporters.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < REPORTS_PER_THREAD; i++) {
                        progress.report(1, 1, "files", null, Thread.currentThread().getName());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> reporter : reporters) {
                reporter.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
