package io.inbox.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) for the integration tests. Every received text frame is parsed and
 * put in a queue; tests take frames with {@link #next()} (5 s at most, asserted) and check that nothing
 * else arrived with {@link #expectSilence(long)}.
 */
public final class WsClient implements AutoCloseable {
    public static final long TIMEOUT_SECONDS = 5;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private volatile boolean presence;
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    /** How the server closed the connection. */
    public record Closed(int code, String reason) {
    }

    private WsClient(WebSocket.Builder builder, URI uri) {
        this(builder, uri, false);
    }

    private WsClient(WebSocket.Builder builder, URI uri, boolean presence) {
        this(builder, uri, presence, TIMEOUT_SECONDS);
    }

    private WsClient(WebSocket.Builder builder, URI uri, boolean presence, long handshakeSeconds) {
        this.presence = presence;
        this.socket = builder.buildAsync(uri, new Listener()).orTimeout(handshakeSeconds, TimeUnit.SECONDS).join();
    }

    /** Connects with {@code ?token=} (what browsers do). */
    public static WsClient connect(URI base, String path, String token) {
        String query = token == null ? "" : (path.contains("?") ? "&" : "?") + "token=" + token;
        return new WsClient(HTTP.newWebSocketBuilder(), ws(base, path + query));
    }

    /** As {@link #connect(URI, String, String)}, allowing the handshake {@code seconds} (a deployment's first one). */
    public static WsClient connect(URI base, String path, String token, long seconds) {
        return new WsClient(HTTP.newWebSocketBuilder(), ws(base, path + "?token=" + token), false, seconds);
    }

    /** Connects with whatever the builder is given (headers, subprotocols). */
    public static WsClient connect(URI base, String path, java.util.function.UnaryOperator<WebSocket.Builder> options) {
        return new WsClient(options.apply(HTTP.newWebSocketBuilder()), ws(base, path));
    }

    /**
     * Attempts a handshake that the server is expected to refuse, and returns the HTTP status it answered.
     * Fails the test if the handshake succeeds.
     */
    public static int refusedHandshakeStatus(URI base, String path, java.util.function.UnaryOperator<WebSocket.Builder> options) {
        try {
            WebSocket socket = options.apply(HTTP.newWebSocketBuilder()).buildAsync(ws(base, path), new WebSocket.Listener() {
            }).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
            socket.abort();
            throw new AssertionError("the handshake was accepted");
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError("handshake failed without an HTTP answer", e);
        }
    }

    /** The subprotocol the server selected ("" for none). */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Connects with an {@code Authorization: Bearer} header. */
    public static WsClient connectWithHeader(URI base, String path, String token) {
        return new WsClient(HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token), ws(base, path));
    }

    /**
     * Connects, takes {@code connection_established}, and keeps {@code presence}/{@code presence_list}
     * frames (other clients drop them, so tests of other features need not skip them).
     */
    public static WsClient openWithPresence(URI base, String path, String token) {
        String query = token == null ? "" : (path.contains("?") ? "&" : "?") + "token=" + token;
        WsClient client = new WsClient(HTTP.newWebSocketBuilder(), ws(base, path + query), true);
        JsonObject established = client.next();
        assertEquals("connection_established", established.getString("type"), established.toString());
        return client;
    }

    /** The next frame of this type, waiting up to {@code seconds}; fails if none arrives. */
    public JsonObject next(String type, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonObject frame = frames.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
                assertNotNull(frame, "no " + type + " frame within " + seconds + " s");
                if (type.equals(frame.getString("type", null))) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Connects and takes the {@code connection_established} frame. */
    public static WsClient open(URI base, String path, String token) {
        WsClient client = connect(base, path, token);
        JsonObject established = client.next();
        assertEquals("connection_established", established.getString("type"), established.toString());
        return client;
    }

    public static URI ws(URI base, String path) {
        String http = base.toString().replaceFirst("/$", "");
        return URI.create(http.replaceFirst("^http", "ws") + path);
    }

    public WsClient send(String text) {
        socket.sendText(text, true).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        return this;
    }

    public WsClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        return this;
    }

    /** The next frame; fails the test if none arrives within 5 s. */
    public JsonObject next() {
        try {
            JsonObject frame = frames.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(frame, "no frame within " + TIMEOUT_SECONDS + " s");
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame of this type, skipping others (e.g. presence); fails after 5 s. */
    public JsonObject next(String type) {
        return next(f -> type.equals(f.getString("type", null)));
    }

    public JsonObject next(Predicate<JsonObject> wanted) {
        return next(wanted, TIMEOUT_SECONDS);
    }

    /** The next frame that matches, skipping others; fails after {@code seconds}. */
    public JsonObject next(Predicate<JsonObject> wanted, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonObject frame = frames.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
                assertNotNull(frame, "no matching frame within " + seconds + " s");
                if (wanted.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every frame received and not taken yet (after a close, what arrived before it). */
    public java.util.List<JsonObject> drain() {
        java.util.List<JsonObject> all = new java.util.ArrayList<>();
        frames.drainTo(all);
        return all;
    }

    /**
     * Whether the server took this connection: {@code true} once {@code connection_established} arrives, {@code false}
     * if the server closes it first (a refusal such as 4429); fails if neither happens within {@code seconds}.
     */
    public boolean established(long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            while (System.nanoTime() - deadline < 0) {
                JsonObject frame = frames.poll(50, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    return "connection_established".equals(frame.getString("type", null));
                }
                if (closed.isDone() && frames.isEmpty()) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        throw new AssertionError("neither connection_established nor a close within " + seconds + " s");
    }

    /** Asserts that no frame arrives within the given time. */
    public void expectSilence(long millis) {
        try {
            JsonObject frame = frames.poll(millis, TimeUnit.MILLISECONDS);
            assertNull(frame, () -> "unexpected frame: " + frame);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** How the server closed the connection; fails if it is still open after 5 s. */
    public Closed awaitClose() {
        return awaitClose(TIMEOUT_SECONDS);
    }

    public Closed awaitClose(long seconds) {
        return closed.copy().orTimeout(seconds, TimeUnit.SECONDS).join();
    }

    public boolean isOpen() {
        return !closed.isDone() && !socket.isInputClosed();
    }

    /** Closes as a browser does: a close frame, then up to 2 s for the server's close reply, then the socket. */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
                closed.get(2, TimeUnit.SECONDS);
            } catch (Exception notAnsweredInTime) {
                // the socket is aborted below either way
            }
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonObject frame = Json.createReader(new StringReader(partial.toString())).readObject();
                partial.setLength(0);
                String type = frame.getString("type", "");
                if (presence || !(type.equals("presence") || type.equals("presence_list"))) {
                    frames.add(frame);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(-1, String.valueOf(error)));
        }
    }
}
