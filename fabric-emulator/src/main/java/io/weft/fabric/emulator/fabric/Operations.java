package io.weft.fabric.emulator.fabric;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.Fault;
import io.weft.fabric.emulator.admin.FaultRegistry;
import io.weft.fabric.emulator.http.HttpCall;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Long-running operations: runs work at once (the fast path) or as an operation that completes after its duration,
 * and answers the operation state and result.
 */
public final class Operations implements AutoCloseable {

    /** The answer to an LRO-capable call: either done now, or an operation to poll. */
    public record Outcome(int status, JsonNode body, String operationId) {
        static Outcome now(int status, JsonNode body) {
            return new Outcome(status, body, null);
        }

        static Outcome accepted(String operationId) {
            return new Outcome(202, null, operationId);
        }
    }

    /** The work of an operation: produces its result (null when it has none) or throws a FabricError. */
    @FunctionalInterface
    interface Work {
        JsonNode run() throws Exception;
    }

    /** The longest an operation stays NotStarted (announced time; divided by the time-scale). */
    static final Duration QUEUED_AT_MOST = Duration.ofSeconds(1);

    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fabric-emulator-operations");
        t.setDaemon(true);
        return t;
    });
    private final RuntimeSettings settings;
    private final FaultRegistry faults;
    private final Clock clock;
    private final TimingProfile timings;

    Operations(RuntimeSettings settings, FaultRegistry faults, Clock clock, long seed) {
        this.timings = new TimingProfile(seed);
        this.settings = settings;
        this.faults = faults;
        this.clock = clock;
    }

    /**
     * Runs {@code work} as an operation ({@code longRunning}, as the caller's rule for this call says), or at once.
     * {@code hasResult}: whether {@code /result} returns the work's result. {@code forceNow}: admin seeding, no faults.
     */
    Outcome run(String kind, int immediateStatus, boolean longRunning, boolean hasResult, boolean forceNow, Work work, Runnable onFailure) {
        Optional<Fault> failure = forceNow ? Optional.empty() : faults.takeOperationFailure(kind);
        boolean lro = !forceNow && longRunning;
        if (!lro) {
            if (failure.isPresent()) {
                onFailure.run();
                throw new FabricError(400, failure.get().errorCode(), Optional.ofNullable(failure.get().message()).orElse("The operation failed."));
            }
            try {
                JsonNode result = work.run();
                return Outcome.now(immediateStatus, result);
            } catch (FabricError e) {
                onFailure.run();
                throw e;
            } catch (Exception e) {
                onFailure.run();
                throw new FabricError(500, "InternalError", "The operation failed unexpectedly.");
            }
        }
        TimingProfile.Timing timing = timings.next(settings, faults.slowOperation(kind).orElse(null));
        Duration duration = timing.real();
        Operation op = new Operation(UUID.randomUUID().toString(), kind, clock.instant(), timing.retryAfterSeconds());
        operations.put(op.id, op);
        Runnable complete = () -> complete(op, failure, hasResult, work, onFailure);
        if (duration.isZero() || duration.isNegative()) {
            complete.run();
        } else {
            // like Fabric: briefly queued (NotStarted: a tenth of its time, at most 1 s), then Running
            long queued = Math.min(duration.toNanos() / 10, settings.scaled(QUEUED_AT_MOST).toNanos());
            scheduler.schedule(() -> start(op), queued, TimeUnit.NANOSECONDS);
            scheduler.schedule(complete, duration.toNanos(), TimeUnit.NANOSECONDS);
        }
        return Outcome.accepted(op.id);
    }

    private void start(Operation op) {
        if ("NotStarted".equals(op.status)) {
            op.lastUpdatedAt = clock.instant();
            op.status = "Running";
        }
    }

    private void complete(Operation op, Optional<Fault> failure, boolean hasResult, Work work, Runnable onFailure) {
        try {
            if (failure.isPresent()) {
                throw new FabricError(400, failure.get().errorCode(), Optional.ofNullable(failure.get().message()).orElse("The operation failed."));
            }
            JsonNode result = work.run();
            op.result = hasResult ? result : null;
            op.lastUpdatedAt = clock.instant();
            op.status = "Succeeded";
        } catch (FabricError e) {
            onFailure.run();
            op.error = e.body(null);
            op.lastUpdatedAt = clock.instant();
            op.status = "Failed";
        } catch (Exception e) {
            onFailure.run();
            op.error = new FabricError(500, "InternalError", "The operation failed unexpectedly.").body(null);
            op.lastUpdatedAt = clock.instant();
            op.status = "Failed";
        }
    }

    /** The OperationState body of an operation. */
    public ObjectNode state(String operationId) {
        Operation op = operation(operationId);
        ObjectNode n = HttpCall.JSON.createObjectNode()
                .put("status", op.status)
                .put("createdTimeUtc", Timestamps.format(op.createdAt))
                .put("lastUpdatedTimeUtc", Timestamps.format(op.lastUpdatedAt));
        if ("Succeeded".equals(op.status)) {
            n.put("percentComplete", 100);
        } else {
            n.putNull("percentComplete");
        }
        if (op.error != null) {
            n.set("error", op.error);
        } else {
            n.putNull("error");
        }
        return n;
    }

    /** The Retry-After the operation announces (on its 202 and on every poll while it runs), unscaled. */
    public int retryAfterSeconds(String operationId) {
        return operation(operationId).retryAfterSeconds;
    }

    public boolean done(String operationId) {
        return operation(operationId).done();
    }

    /** The result of a succeeded operation; 400 OperationHasNoResult otherwise. */
    public JsonNode result(String operationId) {
        Operation op = operation(operationId);
        if (!"Succeeded".equals(op.status)) {
            throw new FabricError(400, "OperationNotSucceeded", "The operation has not succeeded");
        }
        if (op.result == null) {
            throw new FabricError(400, "OperationHasNoResult", "The operation has no result");
        }
        return op.result;
    }

    private Operation operation(String id) {
        Operation op = operations.get(id == null ? "" : id.toLowerCase(Locale.ROOT));
        if (op == null) {
            throw new FabricError(404, "OperationNotFound", "The requested operation was not found");
        }
        return op;
    }

    /** Every operation, oldest first, as the admin state shows them. */
    void describe(ArrayNode into) {
        operations.values().stream().sorted(Comparator.comparing(o -> o.createdAt)).forEach(o -> {
            ObjectNode on = state(o.id);
            on.put("id", o.id).put("kind", o.kind);
            into.add(on);
        });
    }

    void clear() {
        operations.clear();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
