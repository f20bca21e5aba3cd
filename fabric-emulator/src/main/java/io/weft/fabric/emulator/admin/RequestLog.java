package io.weft.fabric.emulator.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;

/**
 * The Fabric, Power BI and OneLake requests the emulator answered, newest last: what a test reads to prove what a
 * client did (a plan, say, that must only read). Entra token requests and the admin API are not recorded. Bounded:
 * the oldest entries go first.
 */
public final class RequestLog {

    /** One answered request: its method, its path without the query, and the status sent. */
    public record Entry(Instant at, String method, String path, int status) {

        /**
         * Whether the request can change state in Fabric: anything but GET, HEAD and Fabric's getDefinition (a POST
         * because its answer may be a long-running operation, but it only reads).
         */
        public boolean isWrite() {
            return !READS.contains(method) && !("POST".equals(method) && path.endsWith("/getDefinition"));
        }
    }

    private static final Set<String> READS = Set.of("GET", "HEAD");
    static final int CAPACITY = 10_000;

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Clock clock;

    public RequestLog(Clock clock) {
        this.clock = clock;
    }

    public synchronized void record(String method, String path, int status) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(new Entry(clock.instant(), method, path, status));
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized void clear() {
        entries.clear();
    }
}
