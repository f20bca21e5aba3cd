package io.weft.fabric.emulator.admin;

import io.weft.fabric.emulator.Fault;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/** The faults currently injected, and the decisions they make for each request or operation. */
public final class FaultRegistry {

    private final List<Active> active = new CopyOnWriteArrayList<>();

    public String add(Fault fault) {
        validate(fault);
        if (Fault.OPERATION_FAILURE.equals(fault.kind()) && fault.count() == null) {
            fault = fault.times(1); // "the next operation fails" unless told how many
        }
        Active a = new Active(UUID.randomUUID().toString(), fault, fault.pathPattern() == null ? null : Pattern.compile(fault.pathPattern()));
        active.add(a);
        return a.id;
    }

    private static void validate(Fault fault) {
        if (fault.kind() == null || !List.of(Fault.THROTTLE, Fault.SERVER_ERROR, Fault.LATENCY, Fault.OPERATION_FAILURE, Fault.SLOW_OPERATION,
                Fault.NAME_HELD, Fault.POLL_STATE, Fault.RELATIVE_URLS, Fault.CONNECTION_RESET, Fault.TRUNCATED_BODY).contains(fault.kind())) {
            throw new IllegalArgumentException("kind must be one of throttle, serverError, latency, operationFailure, slowOperation, nameHeld, "
                    + "pollState, relativeUrls, connectionReset, truncatedBody");
        }
        if (Fault.POLL_STATE.equals(fault.kind()) && fault.message() == null) {
            throw new IllegalArgumentException("pollState needs the status to report in message");
        }
        if (Fault.OPERATION_FAILURE.equals(fault.kind()) && fault.errorCode() == null) {
            throw new IllegalArgumentException("operationFailure needs an errorCode");
        }
        if ((Fault.LATENCY.equals(fault.kind()) || Fault.SLOW_OPERATION.equals(fault.kind()) || Fault.NAME_HELD.equals(fault.kind()))
                && fault.delayMillis() == null) {
            throw new IllegalArgumentException(fault.kind() + " needs delayMillis");
        }
    }

    public boolean remove(String id) {
        return active.removeIf(a -> a.id.equals(id));
    }

    public void clear() {
        active.clear();
    }

    public List<Listed> list() {
        List<Listed> result = new ArrayList<>();
        for (Active a : active) {
            result.add(new Listed(a.id, a.fault, a.remaining()));
        }
        return result;
    }

    /** What a request-level fault does to one request; latency is applied by the caller. */
    public record RequestVerdict(Duration latency, Fault rejection) {
    }

    /** Decides, for one request, the added latency and whether a throttle or server error answers it instead. */
    public RequestVerdict onRequest(String method, String path) {
        long latency = 0;
        Fault rejection = null;
        long now = System.currentTimeMillis();
        for (Active a : active) {
            Fault f = a.fault;
            if (!a.matches(method, path)) {
                continue;
            }
            switch (f.kind()) {
                case Fault.LATENCY -> {
                    if (a.take()) {
                        latency += f.delayMillis();
                    }
                }
                case Fault.THROTTLE -> {
                    if (rejection == null) {
                        if (f.ratePerSecond() != null) {
                            if (a.overRate(now, f.ratePerSecond()) && a.take()) {
                                rejection = f;
                            }
                        } else if (a.take()) {
                            rejection = f;
                        }
                    }
                }
                case Fault.SERVER_ERROR -> {
                    if (rejection == null && a.take()) {
                        rejection = f;
                    }
                }
                default -> {
                }
            }
        }
        cleanUp();
        return new RequestVerdict(Duration.ofMillis(latency), rejection);
    }

    /** Takes the failure planned for the next operation of this kind, if any. */
    public Optional<Fault> takeOperationFailure(String operationKind) {
        for (Active a : active) {
            if (Fault.OPERATION_FAILURE.equals(a.fault.kind()) && kindMatches(a.fault, operationKind) && a.take()) {
                cleanUp();
                return Optional.of(a.fault);
            }
        }
        return Optional.empty();
    }

    /** The duration a slow-operation fault imposes on an operation of this kind, if any. */
    public Optional<Duration> slowOperation(String operationKind) {
        for (Active a : active) {
            if (Fault.SLOW_OPERATION.equals(a.fault.kind()) && kindMatches(a.fault, operationKind) && a.take()) {
                cleanUp();
                return Optional.of(Duration.ofMillis(a.fault.delayMillis()));
            }
        }
        return Optional.empty();
    }

    /** The status a pollState fault makes this operation poll report instead of the real one, if any. */
    public Optional<String> reportedState(String method, String path) {
        return take(Fault.POLL_STATE, method, path).map(Fault::message);
    }

    /** Whether a relativeUrls fault makes this response's Location and continuationUri relative. */
    public boolean relativeUrls(String method, String path) {
        return take(Fault.RELATIVE_URLS, method, path).isPresent();
    }

    /** The byte-level break ({@code connectionReset} or {@code truncatedBody}) planned for this response, if any. */
    public Optional<String> wireFault(String method, String path) {
        return take(Fault.CONNECTION_RESET, method, path).or(() -> take(Fault.TRUNCATED_BODY, method, path)).map(Fault::kind);
    }

    private Optional<Fault> take(String kind, String method, String path) {
        for (Active a : active) {
            if (kind.equals(a.fault.kind()) && a.matches(method, path) && a.take()) {
                cleanUp();
                return Optional.of(a.fault);
            }
        }
        return Optional.empty();
    }

    /** The name-hold fault in force (the latest added), if any. */
    public Optional<Fault> nameHold() {
        return active.stream().map(a -> a.fault).filter(f -> Fault.NAME_HELD.equals(f.kind())).reduce((first, second) -> second);
    }

    private static boolean kindMatches(Fault f, String operationKind) {
        return f.operationKind() == null || f.operationKind().equalsIgnoreCase(operationKind);
    }

    private void cleanUp() {
        active.removeIf(a -> a.fault.count() != null && a.remaining() <= 0);
    }

    /** A fault as listed by the admin API. */
    public record Listed(String id, Fault fault, Integer remaining) {
    }

    private static final class Active {
        final String id;
        final Fault fault;
        final Pattern path;
        private int used;
        private final Deque<Long> window = new ArrayDeque<>();

        Active(String id, Fault fault, Pattern path) {
            this.id = id;
            this.fault = fault;
            this.path = path;
        }

        boolean matches(String method, String requestPath) {
            return (fault.method() == null || fault.method().equalsIgnoreCase(method)) && (path == null || path.matcher(requestPath).matches());
        }

        synchronized boolean take() {
            if (fault.count() != null && used >= fault.count()) {
                return false;
            }
            used++;
            return true;
        }

        synchronized Integer remaining() {
            return fault.count() == null ? null : fault.count() - used;
        }

        synchronized boolean overRate(long now, int perSecond) {
            while (!window.isEmpty() && window.peekFirst() <= now - 1000) {
                window.pollFirst();
            }
            window.addLast(now);
            return window.size() > perSecond;
        }
    }
}
