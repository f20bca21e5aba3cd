package io.weft.fabric.emulator.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import org.jboss.logging.Logger;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The emulator's HTTPS server: Netty's HTTP/1.1 codec over TLS, one or more listeners, each request handed to a
 * blocking handler on a worker pool. Netty, unlike the JDK's HttpServer, writes header names exactly as given
 * ({@code RequestId}, {@code x-ms-operation-id}), and lets a fault cut a response off mid-body.
 */
public final class WireServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WireServer.class);

    private final EventLoopGroup boss = new NioEventLoopGroup(1, daemon("fabric-emulator-accept"));
    private final EventLoopGroup io = new NioEventLoopGroup(2, daemon("fabric-emulator-io"));
    private final ExecutorService workers = Executors.newFixedThreadPool(64, daemon("fabric-emulator-http"));
    private final List<Channel> listeners;

    /**
     * Listens on every address (port 0: a free one) with TLS from {@code tls}; {@code handler} runs per request on a
     * worker thread and must respond.
     */
    public WireServer(List<InetSocketAddress> addresses, SSLContext tls, Consumer<HttpCall> handler) {
        ServerBootstrap bootstrap = new ServerBootstrap().group(boss, io).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SSLEngine engine = tls.createSSLEngine();
                        engine.setUseClientMode(false);
                        ch.pipeline().addLast(new SslHandler(engine), new HttpServerCodec(16 * 1024, 64 * 1024, 64 * 1024),
                                new HttpServerExpectContinueHandler(), new Connection(handler));
                    }
                });
        try {
            this.listeners = addresses.stream().map(a -> bootstrap.bind(a).syncUninterruptibly().channel()).toList();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The port of the {@code index}-th listener. */
    public int port(int index) {
        return ((InetSocketAddress) listeners.get(index).localAddress()).getPort();
    }

    @Override
    public void close() {
        if (listeners != null) {
            listeners.forEach(c -> c.close().awaitUninterruptibly(5, TimeUnit.SECONDS));
        }
        workers.shutdownNow();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * One connection: requests one after another. Netty reads on its own (auto-read); reading is paused, never
     * requested read by read, while a request waits behind the one being served or while the handler has not taken
     * the body chunks already queued. An earlier design that asked for each read by hand stalled rarely (a request
     * left unanswered until the client's timeout): a read consumed by the TLS or HTTP decoder without a message
     * reaching this handler was never asked for again.
     */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private final Consumer<HttpCall> handler;
        /** Touched on the event loop only. */
        private WireExchange current;
        /** The handler is done with {@link #current}, which still receives the rest of its body, to drop it. */
        private boolean discarding;
        private boolean keepAlive;
        /** Messages of the client's next request(s), held (retained) until the current exchange is over. */
        private final ArrayDeque<Object> waiting = new ArrayDeque<>();

        Connection(Consumer<HttpCall> handler) {
            this.handler = handler;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (current != null && current.requestEnded()) {
                waiting.add(msg);
                updateReading(ctx);
                return;
            }
            try {
                accept(ctx, msg);
            } finally {
                ReferenceCountUtil.release(msg);
            }
            updateReading(ctx);
        }

        private void accept(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                if (request.decoderResult().isFailure()) {
                    DefaultFullHttpResponse bad = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
                    bad.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.writeAndFlush(bad).addListener(f -> ctx.close());
                    return;
                }
                keepAlive = HttpUtil.isKeepAlive(request);
                WireExchange exchange = new WireExchange(ctx.channel(), request, () -> ctx.executor().execute(() -> updateReading(ctx)));
                current = exchange;
                discarding = false;
                workers.execute(() -> serve(ctx, exchange));
            }
            if (msg instanceof HttpContent content && current != null) {
                boolean last = content instanceof LastHttpContent;
                if (discarding) {
                    if (last) {
                        exchangeOver(ctx);
                    }
                } else {
                    current.received(ByteBufUtil.getBytes(content.content()), last);
                }
            }
        }

        private void serve(ChannelHandlerContext ctx, WireExchange exchange) {
            try {
                handler.accept(new HttpCall(exchange));
            } catch (RuntimeException e) {
                LOG.debugf(e, "%s %s failed", exchange.method(), exchange.uri());
            }
            ctx.executor().execute(() -> finished(ctx, exchange));
        }

        /** The handler is done (event loop): go on with the next request, after what is left of this one's body. */
        private void finished(ChannelHandlerContext ctx, WireExchange exchange) {
            if (current != exchange || !ctx.channel().isActive()) {
                return;
            }
            if (exchange.aborted() || !exchange.headersSent()) {
                ctx.close();
                return;
            }
            if (exchange.requestEnded()) {
                exchangeOver(ctx);
            } else {
                // a body the handler did not read: drop it rather than reset a client still sending it
                discarding = true;
                updateReading(ctx);
            }
        }

        private void exchangeOver(ChannelHandlerContext ctx) {
            current = null;
            discarding = false;
            if (!keepAlive) {
                ctx.close();
                return;
            }
            while (!waiting.isEmpty() && (current == null || !current.requestEnded())) {
                Object msg = waiting.poll();
                try {
                    accept(ctx, msg);
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }
            updateReading(ctx);
        }

        /**
         * Reads while nothing waits behind the current request and its handler keeps up with its body (event loop).
         */
        private void updateReading(ChannelHandlerContext ctx) {
            boolean read = waiting.isEmpty() && (current == null || discarding || !current.bodyBacklogged());
            if (ctx.channel().config().isAutoRead() != read) {
                ctx.channel().config().setAutoRead(read);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (current != null) {
                current.connectionLost();
            }
            waiting.forEach(ReferenceCountUtil::release);
            waiting.clear();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debugf(cause, "Connection from %s failed", ctx.channel().remoteAddress());
            ctx.close();
        }
    }
}
