package io.weft.gateway.service;

import io.weft.contracts.command.StagedArchive;
import io.weft.support.staging.StagingStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Stages an upload's bytes while another reader reads the same bytes, in one pass over them: the staging store
 * pulls them on the request's thread (so its calls stay in the request's trace), hashing and writing them, and the
 * reader (the inspection, which inflates them) gets each one through a {@link ByteHandoff} on a thread of its own.
 * The bytes are read once, as they arrive, rather than once to inspect them and again to stage and hash them: the
 * slower of the two readers sets the time, and the heap holds a few chunks whatever the upload's size.
 *
 * <p>When the reader's result is refused ({@code keep} false) the staging stops at once, or its object is removed,
 * so that nothing of a refused upload stays staged.
 */
@ApplicationScoped
public class OnePassStaging {

    private static final Logger LOG = Logger.getLogger(OnePassStaging.class);
    /** Chunks of {@link ByteHandoff#CHUNK} waiting for the reader: 1 MiB per upload at most. */
    private static final int BUFFERED_CHUNKS = 16;

    private final StagingStore staging;
    // One thread per upload being read, each waited for by its request's (worker) thread: their number is bounded
    // by the HTTP worker pool's. Threads of its own rather than the worker pool's, which the requests themselves hold.
    private final ExecutorService readers;

    public OnePassStaging(StagingStore staging) {
        this.staging = staging;
        AtomicInteger count = new AtomicInteger();
        this.readers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "upload-reader-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        readers.shutdownNow();
    }

    /** What reads the bytes besides the staging store. */
    @FunctionalInterface
    public interface Reader<T> {
        /** Reads what it needs of {@code bytes} (the rest is skipped for it); must not keep it. */
        T read(InputStream bytes) throws IOException;
    }

    /**
     * @param result what the reader returned
     * @param staged the staged object, when {@code keep} accepted the result; the caller owns it from here
     */
    public record Read<T>(T result, Optional<StagedArchive> staged) {
    }

    /**
     * Stages {@code source}'s bytes while {@code reader} reads them.
     *
     * @param keep whether the reader's result lets the upload be staged; when not, nothing stays staged
     * @throws StagingUnavailableException when the store could not take the bytes (and the reader's result was kept)
     */
    public <T> Read<T> stage(InputStream source, String fileName, Reader<T> reader, Predicate<T> keep) {
        ByteHandoff handoff = new ByteHandoff(BUFFERED_CHUNKS);
        Future<T> reading = readers.submit(() -> {
            try (InputStream bytes = handoff.reader()) {
                T result = reader.read(bytes);
                if (!keep.test(result)) {
                    handoff.cancel();
                }
                return result;
            } catch (IOException | RuntimeException | Error e) {
                handoff.cancel();
                throw e;
            }
        });
        StagedArchive staged = null;
        IOException stagingFailure = null;
        try (InputStream in = handoff.tee(source)) {
            staged = staging.stage(in, fileName);
        } catch (IOException e) {
            stagingFailure = e;
        } finally {
            // A store that stopped early (failed, or read less than all) must not leave the reader waiting.
            handoff.failed(stagingFailure);
        }
        T result = null;
        RuntimeException readerFailure = null;
        try {
            result = awaitReader(reading);
        } catch (RuntimeException e) {
            readerFailure = e;
        }
        if (stagingFailure != null && !handoff.cancelledFirst()) {
            // The store failed on its own: the reader saw a broken stream, so its result says nothing of the upload.
            discard(staged);
            StagingUnavailableException unavailable = new StagingUnavailableException("the upload could not be staged: "
                    + stagingFailure.getMessage(), stagingFailure);
            if (readerFailure != null) {
                unavailable.addSuppressed(readerFailure);
            }
            throw unavailable;
        }
        if (readerFailure != null) {
            discard(staged);
            throw readerFailure;
        }
        if (!keep.test(result)) {
            discard(staged);
            return new Read<>(result, Optional.empty());
        }
        return new Read<>(result, Optional.of(staged));
    }

    private static <T> T awaitReader(Future<T> reading) {
        try {
            return reading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reading.cancel(true);
            throw new IllegalStateException("interrupted while the upload was read", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new java.io.UncheckedIOException("Cannot read the uploaded file", (IOException) e.getCause());
        }
    }

    private void discard(StagedArchive staged) {
        if (staged == null) {
            return;
        }
        try {
            staging.delete(staged);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "Could not remove staged object %s of an upload that was not accepted", staged.uri());
        }
    }
}
