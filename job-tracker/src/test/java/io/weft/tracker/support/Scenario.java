package io.weft.tracker.support;

import io.weft.contracts.WeftMessage;
import io.weft.contracts.command.CancelJob;
import io.weft.contracts.event.JobCancelled;
import io.weft.contracts.event.JobError;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepFailed;
import io.weft.contracts.event.StepProgressed;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;
import io.weft.tracker.model.JobInput;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The ordered history of one job as a worker would produce it, generated from a seed: its command, one or two
 * attempts with steps, progress, step failures and retries, and an ending (success, failure, time-out,
 * cancellation, a dead letter, or none yet).
 */
public final class Scenario {

    public enum Ending { SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, DEAD_LETTER, NONE }

    private final List<JobInput> inputs = new ArrayList<>();
    private final Ending ending;

    private Scenario(Ending ending) {
        this.ending = ending;
    }

    public List<JobInput> inputs() {
        return inputs;
    }

    public Ending ending() {
        return ending;
    }

    public static Scenario generate(String jobId, long seed) {
        Random random = new Random(seed);
        Ending ending = Ending.values()[random.nextInt(Ending.values().length)];
        Scenario scenario = new Scenario(ending);
        Instant base = Instant.parse("2026-11-21T10:00:00Z").plusSeconds(random.nextInt(86_400));
        boolean withCommand = ending == Ending.DEAD_LETTER || random.nextInt(5) > 0;
        if (withCommand) {
            scenario.add(Messages.provision(jobId, "ws-" + random.nextInt(3), base));
        }
        if (ending == Ending.DEAD_LETTER) {
            scenario.inputs.add(Messages.deadLetter(Messages.provision(jobId, "ws", base),
                    "archive checksum mismatch", base.plusSeconds(2)));
            return scenario;
        }
        List<String> steps = List.of("fetch-archive", "upload-files", "load-tables", "apply-ontology")
                .subList(0, 1 + random.nextInt(4));
        int attempts = 1 + random.nextInt(2);
        for (int a = 0; a < attempts; a++) {
            boolean last = a == attempts - 1;
            long attempt = base.toEpochMilli() + 1000L * a;
            long[] seq = {0};
            Instant t = Instant.ofEpochMilli(attempt);
            scenario.add(new JobStarted(jobId, attempt, ++seq[0], t, "graph-scenario", "ws", steps));
            int stepsRun = last ? steps.size() : random.nextInt(steps.size() + 1);
            for (int s = 0; s < stepsRun; s++) {
                String step = steps.get(s);
                scenario.add(new StepStarted(jobId, attempt, ++seq[0], t.plusMillis(seq[0]), step));
                long total = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(5);
                int progress = random.nextInt(4);
                for (int p = 1; p <= progress; p++) {
                    scenario.add(new StepProgressed(jobId, attempt, ++seq[0], t.plusMillis(seq[0]), step,
                            total == 0 ? p : Math.min(p, total), total, "tables", 10 * p, "item " + p));
                }
                if (random.nextInt(4) == 0) {
                    JobError transient_ = new JobError("RequestBlocked", "throttled", "req-" + random.nextInt(100),
                            null, true);
                    scenario.add(new StepFailed(jobId, attempt, ++seq[0], t.plusMillis(seq[0]), step, transient_));
                    scenario.add(new StepStarted(jobId, attempt, ++seq[0], t.plusMillis(seq[0]), step));
                }
                boolean failHere = last && s == stepsRun - 1 && (ending == Ending.FAILED || ending == Ending.TIMED_OUT);
                if (failHere) {
                    JobError error = new JobError(ending == Ending.TIMED_OUT ? "OperationTimedOut" : "DeltaTableLoadFailed",
                            "it broke", "req-" + seed, step, false);
                    scenario.add(new StepFailed(jobId, attempt, ++seq[0], t.plusMillis(seq[0]), step, error));
                    scenario.add(new JobFailed(jobId, attempt, ++seq[0], t.plusMillis(seq[0]), step, error));
                } else if (!(last && ending == Ending.NONE && s == stepsRun - 1)) {
                    scenario.add(new StepSucceeded(jobId, attempt, ++seq[0], t.plusMillis(seq[0]), step,
                            Map.of("step", step)));
                }
                if (last && ending == Ending.CANCELLED && s == 0) {
                    scenario.add(new CancelJob(jobId, "user asked", t.plusMillis(seq[0])));
                    scenario.add(new JobCancelled(jobId, attempt, ++seq[0], t.plusMillis(seq[0]), step, "user asked"));
                    break;
                }
            }
            if (last && ending == Ending.SUCCEEDED) {
                scenario.add(new JobSucceeded(jobId, attempt, ++seq[0], t.plusMillis(seq[0]), Map.of("lakehouseId", "lh-" + seed)));
            }
        }
        if (ending == Ending.NONE && random.nextBoolean()) {
            scenario.add(new CancelJob(jobId, "pending cancel", base.plusSeconds(30)));
        }
        return scenario;
    }

    private void add(WeftMessage message) {
        inputs.add(Messages.input(message));
    }
}
