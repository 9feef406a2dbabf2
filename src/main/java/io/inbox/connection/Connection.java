package io.inbox.connection;

import io.inbox.protocol.CloseCode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open WebSocket of an authenticated user: its bounded {@link Outbox}, its {@link SyncWindow}, its
 * frame rate limit and its heartbeat state. A connection of {@code /ws/chat/{id}/} is scoped to that
 * conversation and accepts only its frames.
 */
public final class Connection {
    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    private final String id;
    private final long userId;
    private final Long scope;
    private final String endpoint;
    private final Session session;
    private final Instant openedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    private final Executor closer;
    private final Outbox outbox;
    private final SyncWindow sync = new SyncWindow();
    private final Object delivery = new Object();
    private final TokenBucket frames;
    private final AtomicInteger missedPongs = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();

    Connection(String id, long userId, Long scope, String endpoint, Session session, ConnectionLimits limits,
               Executor closer, Runnable onSlowClient) {
        this.id = id;
        this.userId = userId;
        this.scope = scope;
        this.endpoint = endpoint;
        this.session = session;
        this.closer = closer;
        this.outbox = new Outbox(session.getAsyncRemote(), limits.outboxFrames(), limits.outboxChars(),
                () -> {
                    if (!closing.get()) {
                        LOG.info(() -> "[" + id + "] closing with 1013: outgoing queue overflow (the client does not read)");
                        onSlowClient.run();
                    }
                    close(CloseCode.TRY_AGAIN_LATER, "outgoing queue overflow");
                }, false);
        this.frames = new TokenBucket(limits.framesPerSecond(), limits.frameBurst(), System.nanoTime());
    }

    public String id() {
        return id;
    }

    public long userId() {
        return userId;
    }

    /** The conversation of a {@code /ws/chat/{id}/} connection; null for {@code /ws/inbox/}. */
    public Long scope() {
        return scope;
    }

    public String endpoint() {
        return endpoint;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Duration age() {
        return Duration.between(openedAt, Instant.now());
    }

    /**
     * Whether a broadcast frame of this conversation goes to this connection. A {@code /ws/chat/{id}/}
     * connection takes only its conversation's frames (no presence, no other conversation's events).
     */
    boolean accepts(Long conversationId) {
        return scope == null || scope.equals(conversationId);
    }

    /** Starts writing to the client: called once the connection is registered and can receive deliveries. */
    void start() {
        outbox.start();
    }

    /** Queues an encoded frame that is not a live message (replies, replays, signals); never blocks. */
    void send(String frame) {
        outbox.offer(frame);
    }

    /** Queues a live message, or holds it back while a replay runs; never blocks. */
    void deliverMessage(long messageId, String frame) {
        synchronized (delivery) {
            if (sync.live(messageId, frame)) {
                outbox.offer(frame);
            } else if (outbox.depth() + sync.heldFrames() > outbox.maxFrames()
                    || outbox.chars() + sync.heldChars() > outbox.maxChars()) {
                outbox.overflow();
            }
        }
    }

    /** Starts a replay of {@code (after, upTo]}; null when one is already running. */
    SyncWindow.Plan beginSync(long after, long upTo) {
        synchronized (delivery) {
            return sync.begin(after, upTo);
        }
    }

    /**
     * Ends a replay: the held live messages it did not cover follow, then the frame that
     * {@code complete} makes from the client's new cursor, before any other live message.
     */
    void endSync(long upTo, long lastSent, LongFunction<String> complete) {
        synchronized (delivery) {
            List<SyncWindow.Held> release = sync.end(upTo);
            long cursor = Math.max(lastSent, sync.lastLiveId());
            for (SyncWindow.Held held : release) {
                outbox.offer(held.frame());
            }
            outbox.offer(complete.apply(cursor));
        }
    }

    /** Waits for room in the outbox before the next replay page; false when the client does not keep up. */
    boolean awaitRoom(long timeoutMillis) throws InterruptedException {
        return outbox.awaitDepthBelow(Math.max(1, outbox.maxFrames() / 2), timeoutMillis);
    }

    /** Waits until everything queued was written; false when the time ran out or the connection failed. */
    boolean awaitFlushed(long timeoutMillis) throws InterruptedException {
        return outbox.awaitDepthBelow(1, timeoutMillis);
    }

    /** Frames waiting in the outgoing queue. */
    int queued() {
        return outbox.depth();
    }

    /** Takes a token of the frame rate limit. */
    boolean allowFrame() {
        return frames.tryTake(System.nanoTime());
    }

    /**
     * One heartbeat tick: false when two pings went unanswered (the caller closes with 4408), else sends
     * a ping.
     */
    boolean heartbeat() {
        if (missedPongs.get() >= 2) {
            return false;
        }
        missedPongs.incrementAndGet();
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.wrap(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "[" + id + "] ping failed", e);
        }
        return true;
    }

    void pong() {
        missedPongs.set(0);
    }

    /** Closes the WebSocket with a code, off the caller's thread (the caller may be a fan-out loop). */
    void close(CloseCode code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closer.execute(() -> closeNow(code, reason));
    }

    /** Closes the WebSocket with a code in the caller's thread. */
    void closeNow(CloseCode code, String reason) {
        closing.set(true);
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "[" + id + "] close failed", e);
        }
    }

    /** Releases the outbox once the socket is gone. */
    void closed() {
        outbox.close();
    }

    @Override
    public String toString() {
        return "connection " + id + " (user " + userId + ", " + endpoint + ")";
    }
}
