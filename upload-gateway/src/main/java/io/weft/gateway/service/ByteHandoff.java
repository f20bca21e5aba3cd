package io.weft.gateway.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One read of a stream for two readers on two threads: the <em>first</em> pulls the bytes through {@link #tee} (the
 * staging store, which hashes and writes them), and every byte it pulls is handed over, through a buffer of a few
 * chunks, to the <em>second</em>, which reads them from {@link #reader()} (the inspection, which inflates them). The
 * slower of the two sets the pace; memory stays at the buffer's size, whatever the stream's.
 *
 * <p>Either side may stop early. When the second stops ({@link InputStream#close()} on its reader), the first goes on
 * alone; when it {@link #cancel cancels}, the first's next read fails with {@link Cancelled}. When the first ends, the
 * second sees the end of the stream, or {@link #failed} with the first's failure if it did not reach the end.
 */
final class ByteHandoff {

    /** Bytes per chunk: the first's reads are cut to this, whatever buffer it offers (the ADLS client offers blocks). */
    static final int CHUNK = 64 * 1024;

    private final int capacity;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private boolean ended;
    private IOException failure;
    private boolean readerGone;
    private boolean cancelled;
    private boolean cancelledFirst;

    /** @param chunks how many chunks may wait for the second reader */
    ByteHandoff(int chunks) {
        this.capacity = chunks;
    }

    /** The first reader's failure, when the second cancelled it: nothing wrong with the stream or the store. */
    static final class Cancelled extends IOException {
        Cancelled() {
            super("the second reader of the upload stopped it");
        }
    }

    /** The first reader's stream: {@code source}'s bytes, each also handed to the second. */
    InputStream tee(InputStream source) {
        return new ChunkedStream() {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                throwIfCancelled();
                if (length == 0) {
                    return 0;
                }
                // Whole chunks, however little each read of the source gives (a multipart part gives 4 KiB at a time):
                // every chunk handed over wakes the second reader's thread, and fewer, larger ones cost less.
                int read = source.readNBytes(buffer, offset, Math.min(length, CHUNK));
                if (read == 0) {
                    read = -1;
                }
                if (read > 0) {
                    put(Arrays.copyOfRange(buffer, offset, offset + read));
                } else if (read == -1) {
                    end(null);
                }
                return read;
            }

            @Override
            public void close() throws IOException {
                source.close();
            }
        };
    }

    /** The second reader's stream; closing it says the second is done, and the first goes on alone. */
    InputStream reader() {
        return new ChunkedStream() {
            private byte[] chunk = new byte[0];
            private int position;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                if (position == chunk.length) {
                    chunk = take();
                    position = 0;
                    if (chunk == null) {
                        chunk = new byte[0];
                        return -1;
                    }
                }
                int n = Math.min(length, chunk.length - position);
                System.arraycopy(chunk, position, buffer, offset, n);
                position += n;
                return n;
            }

            @Override
            public void close() {
                readerDone();
            }
        };
    }

    /** A stream read in chunks; a single byte is read as a chunk of one. */
    private abstract static class ChunkedStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }
    }

    /** Ends the second reader's stream: at its end when {@code failure} is null, else with that failure. */
    synchronized void end(IOException failure) {
        if (!ended) {
            ended = true;
            this.failure = failure;
            notifyAll();
        }
    }

    /** Called by the first reader when it stopped before the end, so that the second does not wait for more. */
    void failed(IOException failure) {
        end(failure == null ? new IOException("the upload's first reader stopped before its end") : failure);
    }

    /** The second reader's wish that the first stop: its next read fails with {@link Cancelled}. */
    synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }

    /** Whether the first reader failed because the second cancelled it (rather than for a reason of its own). */
    synchronized boolean cancelledFirst() {
        return cancelledFirst;
    }

    private synchronized void throwIfCancelled() throws Cancelled {
        if (cancelled) {
            cancelledFirst = true;
            throw new Cancelled();
        }
    }

    private synchronized void put(byte[] bytes) throws IOException {
        // the buffer is full: wait for the second reader (or its end, or a cancellation)
        while (chunks.size() >= capacity && !readerGone && !cancelled) {
            waitInterruptibly();
        }
        throwIfCancelled();
        if (!readerGone) {
            chunks.add(bytes);
            notifyAll();
        }
    }

    /** The next chunk, or null at the end; waits for the first reader. */
    private synchronized byte[] take() throws IOException {
        while (chunks.isEmpty() && !ended) {
            waitInterruptibly();
        }
        if (!chunks.isEmpty()) {
            byte[] next = chunks.poll();
            notifyAll();
            return next;
        }
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
        return null;
    }

    private synchronized void readerDone() {
        readerGone = true;
        chunks.clear();
        notifyAll();
    }

    private void waitInterruptibly() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing the upload's bytes over");
        }
    }
}
