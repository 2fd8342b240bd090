package dev.blip.scorer.http;

import dev.blip.core.io.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A small non-blocking HTTP/1.1 server for GET and HEAD on exact paths, one response per
 * connection. Why not the JDK's {@code HttpServer}: it reads request headers with blocking reads
 * on its worker threads, so a few clients that connect and never finish their request hold every
 * worker and starve the liveness probe. Here one selector thread reads every request without
 * blocking, answers cheap ("inline") routes itself, and hands the others (a metrics scrape) to a
 * bounded pool; a full pool answers 503. Each connection has one deadline for the whole exchange,
 * and past the connection limit the oldest connection is closed, so slow or half-open clients
 * cannot hold the server.
 */
final class TinyHttpServer implements AutoCloseable {

    /** A response; {@code body} is UTF-8 text. */
    record Response(int status, String contentType, String body) {
    }

    /** What answers a path: inline routes run on the selector thread and must be cheap and non-blocking. */
    record Route(boolean inline, Supplier<Response> handler) {
    }

    record Limits(int threads, int queue, Duration timeout, int maxConnections, int maxRequestBytes) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(TinyHttpServer.class);
    private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};

    private final Selector selector;
    private final ServerSocketChannel server;
    private final Map<String, Route> routes;
    private final Limits limits;
    private final ThreadPoolExecutor workers;
    private final Queue<Runnable> onLoop = new ConcurrentLinkedQueue<>();
    private final Map<SocketChannel, Conn> conns = new LinkedHashMap<>();
    private final Thread loop;
    private volatile boolean open = true;

    private final class Conn {
        final SocketChannel channel;
        final SelectionKey key;
        final ByteBuffer in;
        final long deadline;
        ByteBuffer out;
        boolean dispatched;

        Conn(SocketChannel channel, SelectionKey key) {
            this.channel = channel;
            this.key = key;
            this.in = ByteBuffer.allocate(limits.maxRequestBytes());
            this.deadline = System.nanoTime() + limits.timeout().toNanos();
        }
    }

    private TinyHttpServer(InetSocketAddress bind, Map<String, Route> routes, Limits limits) throws IOException {
        this.routes = Map.copyOf(routes);
        this.limits = limits;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(bind, 128);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.workers = new ThreadPoolExecutor(limits.threads(), limits.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(limits.queue()), r -> daemon(r, "blip-http-worker"), new ThreadPoolExecutor.AbortPolicy());
        this.loop = daemon(this::run, "blip-http");
    }

    static TinyHttpServer start(InetSocketAddress bind, Map<String, Route> routes, Limits limits) throws IOException {
        TinyHttpServer s = new TinyHttpServer(bind, routes, limits);
        s.loop.start();
        return s;
    }

    int port() {
        return server.socket().getLocalPort();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void run() {
        while (open) {
            try {
                selector.select(100);
                for (Runnable r = onLoop.poll(); r != null; r = onLoop.poll()) {
                    r.run();
                }
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    handle(key);
                }
                expire();
            } catch (IOException | RuntimeException e) {
                if (open) {
                    LOG.warn("HTTP server loop: {}", e.toString());
                }
            }
        }
    }

    private void handle(SelectionKey key) throws IOException {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            accept();
            return;
        }
        Conn c = (Conn) key.attachment();
        try {
            if (key.isReadable()) {
                read(c);
            } else if (key.isWritable()) {
                write(c);
            }
        } catch (IOException e) {
            close(c);
        }
    }

    private void accept() throws IOException {
        for (SocketChannel ch = server.accept(); ch != null; ch = server.accept()) {
            if (conns.size() >= limits.maxConnections()) {
                close(conns.values().iterator().next());
            }
            ch.configureBlocking(false);
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            Conn c = new Conn(ch, key);
            key.attach(c);
            conns.put(ch, c);
        }
    }

    private void read(Conn c) throws IOException {
        if (c.dispatched) {
            return;
        }
        int n = c.channel.read(c.in);
        if (n < 0) {
            close(c);
            return;
        }
        int end = indexOf(c.in, END_OF_HEADERS);
        if (end < 0) {
            if (!c.in.hasRemaining()) {
                respond(c, new Response(431, "text/plain", "request header too large\n"), false);
            }
            return;
        }
        String request = new String(c.in.array(), 0, end, StandardCharsets.ISO_8859_1);
        String[] line = request.split("\r\n", 2)[0].split(" ");
        if (line.length != 3 || !line[2].startsWith("HTTP/1.")) {
            respond(c, new Response(400, "text/plain", "bad request\n"), false);
            return;
        }
        String method = line[0];
        String path = line[1].split("\\?", 2)[0];
        Route route = routes.get(path);
        boolean head = "HEAD".equals(method);
        if (route == null) {
            respond(c, new Response(404, "text/plain", "not found\n"), head);
        } else if (!head && !"GET".equals(method)) {
            respond(c, new Response(405, "text/plain", "only GET and HEAD\n"), false);
        } else if (route.inline()) {
            respond(c, call(route, path), head);
        } else {
            dispatch(c, route, path, head);
        }
    }

    private void dispatch(Conn c, Route route, String path, boolean head) {
        c.dispatched = true;
        c.key.interestOps(0);
        try {
            workers.execute(() -> {
                Response r = call(route, path);
                onLoop.add(() -> {
                    if (c.channel.isOpen()) {
                        respond(c, r, head);
                    }
                });
                selector.wakeup();
            });
        } catch (RejectedExecutionException e) {
            respond(c, new Response(503, "text/plain", "busy\n"), head);
        }
    }

    private static Response call(Route route, String path) {
        try {
            return route.handler().get();
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} failed: {}", path, LogText.escape(e.toString()));
            return new Response(500, "text/plain", "internal error\n");
        }
    }

    private void respond(Conn c, Response r, boolean head) {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        String header = "HTTP/1.1 " + r.status() + " " + reason(r.status()) + "\r\nContent-Type: " + r.contentType()
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(h.length + (head ? 0 : body.length));
        out.put(h);
        if (!head) {
            out.put(body);
        }
        c.out = out.flip();
        c.dispatched = true;
        try {
            c.key.interestOps(SelectionKey.OP_WRITE);
            write(c);
        } catch (IOException | RuntimeException e) {
            close(c);
        }
    }

    private void write(Conn c) throws IOException {
        c.channel.write(c.out);
        if (!c.out.hasRemaining()) {
            close(c);
        }
    }

    private void expire() {
        long now = System.nanoTime();
        conns.values().stream().filter(c -> now - c.deadline > 0).toList().forEach(this::close);
    }

    private void close(Conn c) {
        conns.remove(c.channel);
        c.key.cancel();
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static int indexOf(ByteBuffer buffer, byte[] pattern) {
        byte[] a = buffer.array();
        int limit = buffer.position() - pattern.length;
        for (int i = 0; i <= limit; i++) {
            if (a[i] == pattern[0] && a[i + 1] == pattern[1] && a[i + 2] == pattern[2] && a[i + 3] == pattern[3]) {
                return i;
            }
        }
        return -1;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            default -> "Service Unavailable";
        };
    }

    @Override
    public void close() {
        open = false;
        selector.wakeup();
        try {
            loop.join(2_000);
            for (Conn c : conns.values().stream().toList()) {
                close(c);
            }
            server.close();
            selector.close();
        } catch (IOException | InterruptedException e) {
            LOG.debug("closing HTTP server: {}", e.toString());
        }
        workers.shutdownNow();
    }
}
