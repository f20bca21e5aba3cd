package io.weft.fabric.emulator.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One HTTP/1.1 request and its response on a Netty channel, for a handler that blocks on a worker thread: the request
 * body arrives as an {@link InputStream} fed by the event loop, which stops reading while the handler is a few chunks
 * behind (so a large upload is never held in memory), and the response is written with its header names exactly as the handler gave them.
 */
final class WireExchange {

    private static final byte[] END = new byte[0];
    private static final byte[] LOST = new byte[0];
    /** Body chunks queued for the handler beyond which the connection stops reading until it takes some. */
    private static final int BODY_BACKLOG = 16;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);
    private static final long BODY_WAIT_SECONDS = 120;
    private static final long WRITE_WAIT_SECONDS = 120;

    private final Channel channel;
    private final HttpRequest request;
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    /** Tells the event loop that the handler took a chunk, so that a connection paused for it reads again. */
    private final Runnable chunkTaken;
    private final BodyStream body = new BodyStream();
    /** Response headers in the order set, names as given; a later set of the same name (any case) replaces it. */
    private final List<Map.Entry<String, String>> responseHeaders = new ArrayList<>();
    /** Written by the event loop only. */
    private boolean requestEnded;
    private volatile boolean headersSent;
    private volatile boolean aborted;

    WireExchange(Channel channel, HttpRequest request, Runnable chunkTaken) {
        this.channel = channel;
        this.request = request;
        this.chunkTaken = chunkTaken;
    }

    String method() {
        return request.method().name();
    }

    /** The request-target as sent: raw path and query. */
    String uri() {
        return request.uri();
    }

    String requestHeader(String name) {
        return request.headers().get(name);
    }

    void forEachRequestHeader(BiConsumer<String, String> action) {
        HttpHeaders headers = request.headers();
        headers.forEach(e -> action.accept(e.getKey(), e.getValue()));
    }

    InputStream body() {
        return body;
    }

    // ----------------------------------------------------------------- event loop side

    /** A piece of the request body (event loop); {@code last}: the body is complete. */
    void received(byte[] bytes, boolean last) {
        if (bytes.length > 0) {
            chunks.add(bytes);
        }
        if (last) {
            requestEnded = true;
            chunks.add(END);
        }
    }

    boolean requestEnded() {
        return requestEnded;
    }

    /** More of the body is queued than the handler has taken: the connection should stop reading for now. */
    boolean bodyBacklogged() {
        return chunks.size() >= BODY_BACKLOG;
    }

    /** The client went away (event loop): a handler waiting for the body fails at once instead of timing out. */
    void connectionLost() {
        if (!requestEnded) {
            chunks.add(LOST);
        }
    }

    // ----------------------------------------------------------------- response

    void header(String name, String value) {
        synchronized (responseHeaders) {
            responseHeaders.removeIf(e -> e.getKey().equalsIgnoreCase(name));
            responseHeaders.add(Map.entry(name, value));
        }
    }

    String responseHeader(String name) {
        synchronized (responseHeaders) {
            return responseHeaders.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    boolean headersSent() {
        return headersSent;
    }

    boolean aborted() {
        return aborted;
    }

    /**
     * Sends the status line and headers. {@code contentLength} is announced unless negative (then the body is
     * chunked); a HEAD response keeps the Content-Length the handler set.
     */
    void sendHeaders(int status, long contentLength) throws IOException {
        DefaultHttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        HttpHeaders h = response.headers();
        // IMF-fixdate (RFC 9110: two-digit day); the JDK's RFC_1123_DATE_TIME writes "3 Dec", which azure-core refuses
        h.add("Date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        synchronized (responseHeaders) {
            responseHeaders.removeIf(e -> e.getKey().equalsIgnoreCase("Transfer-Encoding")
                    || (!"HEAD".equals(method()) && e.getKey().equalsIgnoreCase("Content-Length")));
            for (Map.Entry<String, String> e : responseHeaders) {
                h.add(e.getKey(), e.getValue());
            }
        }
        boolean noBody = status == 204 || status == 304 || status < 200;
        if (!"HEAD".equals(method()) && !noBody) {
            if (contentLength >= 0) {
                h.add("Content-Length", Long.toString(contentLength));
            } else {
                h.add("Transfer-Encoding", "chunked");
            }
        }
        headersSent = true;
        await(channel.writeAndFlush(response));
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > 0) {
            await(channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(bytes, offset, length))));
        }
    }

    void end() throws IOException {
        await(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
    }

    /** Cuts the connection at once with a TCP reset: what a client sees when a response dies mid-body. */
    void reset() {
        aborted = true;
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        // straight to the socket: a TLS close_notify first would look like a clean end
        channel.eventLoop().execute(() -> channel.unsafe().closeForcibly());
    }

    /** Closes the connection cleanly after what was written: a body shorter than its Content-Length. */
    void closeEarly() {
        aborted = true;
        channel.flush();
        channel.close();
    }

    private static void await(ChannelFuture future) throws IOException {
        try {
            if (!future.await(WRITE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("Timed out writing the response");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted writing the response");
        }
        if (!future.isSuccess()) {
            throw new IOException("Could not write the response", future.cause());
        }
    }

    /** The request body, read on the handler's thread; taking a chunk lets a connection paused for it read again. */
    private final class BodyStream extends InputStream {
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position >= current.length) {
                if (ended) {
                    return -1;
                }
                byte[] next;
                try {
                    next = chunks.poll(BODY_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("Interrupted reading the request body");
                }
                if (next == null) {
                    throw new IOException("The request body stopped arriving");
                }
                if (next == LOST) {
                    throw new IOException("The client closed the connection before the request body ended");
                }
                if (!channel.config().isAutoRead() && chunks.size() < BODY_BACKLOG) {
                    chunkTaken.run();
                }
                if (next == END) {
                    ended = true;
                    return -1;
                }
                current = next;
                position = 0;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return current.length - position;
        }
    }

    /** The response body of a {@link #sendHeaders(int, long)} already sent; close ends the response. */
    OutputStream responseBody() {
        return new OutputStream() {
            private final byte[] buffer = new byte[64 * 1024];
            private int size;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    int n = Math.min(len, buffer.length - size);
                    System.arraycopy(b, off, buffer, size, n);
                    size += n;
                    off += n;
                    len -= n;
                    if (size == buffer.length) {
                        flush();
                    }
                }
            }

            @Override
            public void flush() throws IOException {
                if (size > 0) {
                    WireExchange.this.write(buffer, 0, size);
                    size = 0;
                }
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    flush();
                    end();
                }
            }
        };
    }
}
