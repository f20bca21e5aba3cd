package io.weft.gateway.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.contracts.ContractCodec;
import io.weft.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Remembers accepted requests by {@code Idempotency-Key}, one JSON file per key (named by the key's SHA-256,
 * so any key is a safe file name), for {@code weft.gateway.idempotency.ttl}. Files survive a restart of
 * the instance; several gateway instances must share the directory (or route a key to one instance).
 * Requests with one key are serialised in this JVM, so a retry racing its original waits for its answer.
 */
@ApplicationScoped
public class IdempotencyStore {

    private static final Logger LOG = Logger.getLogger(IdempotencyStore.class);

    private final Path directory;
    private final GatewayConfig.Idempotency config;
    private final ObjectMapper mapper = ContractCodec.get().mapper();
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    public IdempotencyStore(GatewayConfig config) {
        this.config = config.idempotency();
        this.directory = this.config.directory();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the idempotency directory " + directory, e);
        }
    }

    /** The outcome of {@link #execute}: the request's answer, and whether it was replayed from an earlier one. */
    public record Outcome(IdempotencyRecord record, boolean replayed) {
    }

    /**
     * Runs {@code accept} once per key: a later call with the same key and fingerprint gets the first
     * answer back without running it; one with another fingerprint is refused. Without a key, it just runs.
     *
     * @throws IdempotencyKeyReusedException when the key was used for a different request
     */
    public Outcome execute(Optional<String> key, String fingerprint, Supplier<IdempotencyRecord> accept) {
        if (key.isEmpty()) {
            return new Outcome(accept.get(), false);
        }
        String id = sha256(key.get());
        ReentrantLock lock = locks.computeIfAbsent(id, ignored -> new ReentrantLock());
        lock.lock();
        try {
            Optional<IdempotencyRecord> earlier = find(id);
            if (earlier.isPresent()) {
                if (!earlier.get().fingerprint().equals(fingerprint)) {
                    throw new IdempotencyKeyReusedException(earlier.get().jobId());
                }
                return new Outcome(earlier.get(), true);
            }
            IdempotencyRecord record = accept.get();
            save(id, record);
            return new Outcome(record, false);
        } finally {
            lock.unlock();
            locks.remove(id, lock);
        }
    }

    private Optional<IdempotencyRecord> find(String id) {
        Path file = directory.resolve(id + ".json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            IdempotencyRecord record = mapper.readValue(file.toFile(), IdempotencyRecord.class);
            if (record.acceptedAt().plus(config.ttl()).isBefore(Instant.now(clock))) {
                Files.deleteIfExists(file);
                return Optional.empty();
            }
            return Optional.of(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read idempotency record " + file, e);
        }
    }

    private void save(String id, IdempotencyRecord record) {
        Path file = directory.resolve(id + ".json");
        Path partial = directory.resolve(id + ".json.partial");
        try {
            mapper.writeValue(partial.toFile(), record);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // The command is already on Kafka: the request succeeded; only a retry would publish twice.
            LOG.errorf(e, "Job %s accepted, but its idempotency record could not be saved", record.jobId());
        }
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
