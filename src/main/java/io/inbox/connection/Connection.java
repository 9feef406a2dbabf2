package io.inbox.connection;

import io.inbox.protocol.CloseCode;
import io.inbox.protocol.ErrorCode;
import io.inbox.protocol.FrameException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.logging.Logger;

/**
 * One client connection of an authenticated user, as the message path sees it: who (user, scope), its
 * bounded {@link Outbox}, its {@link SyncWindow}, its frame rate limit and its heartbeat state; the wire is a
 * {@link Transport}. A connection of {@code /ws/chat/{id}/} is scoped to that conversation and accepts only
 * its frames.
 *
 * <p>A connection exists from the handshake on, before the server answers 101: it is registered for delivery
 * then, and what reaches it queues until the transport is {@linkplain #attach attached}. So nothing committed
 * after the 101 can miss it, whatever the client does first. Frames for the user as a whole (presence) are held
 * until the {@code presence_list} snapshot is queued, so a client never sees a snapshot older than a change.
 */
public final class Connection {
    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    private final String id;
    private final long userId;
    private final Long scope;
    private final String endpoint;
    private final String remoteAddress;
    private final Instant openedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final long admittedNanos = System.nanoTime();
    private final Executor closer;
    private final Outbox outbox;
    private final SyncWindow sync = new SyncWindow();
    /** Guards the order of live messages against replays, and of user-level frames against the presence snapshot. */
    private final Object delivery = new Object();
    private final TokenBucket frames;
    private final AtomicInteger missedPongs = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile Transport transport;
    /** A close asked for before the transport was attached; done at attach. Guarded by {@code this}. */
    private CloseCode closeOnAttach;
    private String closeOnAttachReason;
    /** User-level frames raised before the presence snapshot was queued; null once it was. Guarded by delivery. */
    private List<String> heldUserFrames;

    /**
     * @param scope           the conversation of a {@code /ws/chat/{id}/} connection, null for {@code /ws/inbox/}
     * @param endpoint        {@code /ws/inbox/} or {@code /ws/chat/{id}/}, for logs and metrics
     * @param remoteAddress   the client's address as the handshake saw it, or null
     * @param closer          where closes run, off the caller's thread (the caller may be a fan-out loop)
     * @param onSlowClient    runs once when the outgoing queue overflows (before the 1013 close)
     */
    public Connection(String id, long userId, Long scope, String endpoint, String remoteAddress,
                      ConnectionSettings limits, Executor closer, Runnable onSlowClient) {
        this.id = id;
        this.userId = userId;
        this.scope = scope;
        this.endpoint = endpoint;
        this.remoteAddress = remoteAddress;
        this.closer = closer;
        this.heldUserFrames = scope == null ? new ArrayList<>() : null;
        this.outbox = new Outbox(limits.outboxMaxFrames(), limits.outboxMaxChars(), () -> {
            if (!closing.get()) {
                LOG.info(() -> "[" + id + "] closing with 1013: outgoing queue overflow (the client does not read)");
                onSlowClient.run();
            }
            close(CloseCode.TRY_AGAIN_LATER, "outgoing queue overflow");
        });
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

    /** The endpoint with the conversation id filled in, as operators read it. */
    public String path() {
        return scope == null ? endpoint : endpoint.replace("{id}", scope.toString());
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Duration age() {
        return Duration.between(openedAt, Instant.now());
    }

    /**
     * The conversation a client frame is about: its own {@code conversation_id}, or the path's on
     * {@code /ws/chat/{id}/}.
     *
     * @throws FrameException 4400 when it is missing, or differs from the path's
     */
    public long conversationFor(Long requested) {
        if (scope != null) {
            if (requested == null) {
                return scope;
            }
            if (!requested.equals(scope)) {
                throw new FrameException(ErrorCode.MALFORMED, "conversation_id differs from this connection's conversation",
                        requested, null);
            }
        }
        if (requested == null) {
            throw new FrameException(ErrorCode.MALFORMED, "missing field: conversation_id");
        }
        return requested;
    }

    /**
     * Whether a frame of this conversation goes to this connection ({@code null}: a frame for the user as a
     * whole). A {@code /ws/chat/{id}/} connection takes only its conversation's frames.
     */
    boolean accepts(Long conversationId) {
        return scope == null || scope.equals(conversationId);
    }

    /**
     * Starts writing to the client over this transport: what was queued since the handshake first. False when
     * the connection was closed meanwhile (its queue overflowed): the transport is then closed with that code.
     */
    boolean attach(Transport wire) {
        CloseCode code;
        String reason;
        synchronized (this) {
            transport = wire;
            code = closeOnAttach;
            reason = closeOnAttachReason;
        }
        if (code != null) {
            outbox.close();
            wire.close(code, reason);
            return false;
        }
        outbox.start(wire);
        return true;
    }

    /** Whether a transport was attached (the container opened the socket). */
    boolean attached() {
        return transport != null;
    }

    /** How long ago the handshake admitted this connection. */
    long admittedAgo(TimeUnit unit) {
        return unit.convert(System.nanoTime() - admittedNanos, TimeUnit.NANOSECONDS);
    }

    /** Queues an encoded frame (replies, replays, signals of a conversation); never blocks. */
    public void send(String frame) {
        outbox.offer(frame);
    }

    /** Queues a frame routed to this connection: one for the user as a whole waits for the presence snapshot. */
    void deliverEvent(Long conversationId, String frame) {
        if (conversationId == null) {
            synchronized (delivery) {
                if (heldUserFrames != null) {
                    heldUserFrames.add(frame);
                    if (heldUserFrames.size() > outbox.maxFrames()) {
                        outbox.overflow();
                    }
                    return;
                }
            }
        }
        outbox.offer(frame);
    }

    /**
     * Queues the presence snapshot ({@code null} when it could not be read), then the user-level frames raised
     * since the handshake, which are newer; later ones follow directly.
     */
    void releaseUserFrames(String presenceSnapshot) {
        synchronized (delivery) {
            if (heldUserFrames == null) {
                return;
            }
            if (presenceSnapshot != null) {
                outbox.offer(presenceSnapshot);
            }
            heldUserFrames.forEach(outbox::offer);
            heldUserFrames = null;
        }
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
    public SyncWindow.Plan beginSync(long after, long upTo) {
        synchronized (delivery) {
            return sync.begin(after, upTo);
        }
    }

    /**
     * Ends a replay: the held live messages it did not cover follow, then the frame that {@code complete}
     * makes from the client's new cursor, before any other live message.
     */
    public void endSync(long upTo, long lastSent, LongFunction<String> complete) {
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
    public boolean awaitRoom(long timeoutMillis) throws InterruptedException {
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
    public boolean allowFrame() {
        return frames.tryTake(System.nanoTime());
    }

    /**
     * One heartbeat tick: false when two pings went unanswered (the caller closes with 4408), else sends
     * a ping.
     */
    boolean heartbeat() {
        Transport wire = transport;
        if (wire == null) {
            return true;
        }
        if (missedPongs.get() >= 2) {
            return false;
        }
        missedPongs.incrementAndGet();
        wire.ping(id.getBytes(StandardCharsets.US_ASCII));
        return true;
    }

    /** The client answered a ping. */
    public void pong() {
        missedPongs.set(0);
    }

    /** Closes with a code, off the caller's thread; before the transport is attached, as soon as it is. */
    public void close(CloseCode code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        Transport wire;
        synchronized (this) {
            wire = transport;
            if (wire == null) {
                closeOnAttach = code;
                closeOnAttachReason = reason;
                return;
            }
        }
        closer.execute(() -> wire.close(code, reason));
    }

    /** Closes with a code in the caller's thread (shutdown). */
    void closeNow(CloseCode code, String reason) {
        closing.set(true);
        Transport wire = transport;
        if (wire != null) {
            wire.close(code, reason);
        }
    }

    /** Releases the outbox once the socket is gone (or will never be opened). */
    void closed() {
        outbox.close();
    }

    @Override
    public String toString() {
        return "connection " + id + " (user " + userId + ", " + path() + ")";
    }
}
