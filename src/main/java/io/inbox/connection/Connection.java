package io.inbox.connection;

import io.inbox.protocol.CloseCode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open WebSocket of an authenticated user, with its bounded {@link Outbox}. A connection of
 * {@code /ws/chat/{id}/} is scoped to that conversation and accepts only its frames.
 */
public final class Connection {
    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    private final String id;
    private final long userId;
    private final Long scope;
    private final String endpoint;
    private final Session session;
    private final Instant openedAt = Instant.now();
    private final Executor closer;
    private final Outbox outbox;

    Connection(String id, long userId, Long scope, String endpoint, Session session, OutboxLimits limits,
               Executor closer) {
        this.id = id;
        this.userId = userId;
        this.scope = scope;
        this.endpoint = endpoint;
        this.session = session;
        this.closer = closer;
        this.outbox = new Outbox(session.getAsyncRemote(), limits.maxFrames(), limits.maxChars(),
                () -> close(CloseCode.TRY_AGAIN_LATER, "outgoing queue overflow"));
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

    public Duration age() {
        return Duration.between(openedAt, Instant.now());
    }

    /** Whether a frame of this conversation ({@code null}: none in particular) goes to this connection. */
    boolean accepts(Long conversationId) {
        return scope == null || conversationId == null || scope.equals(conversationId);
    }

    /** Queues an encoded frame; never blocks. */
    void send(String frame) {
        outbox.offer(frame);
    }

    int queueDepth() {
        return outbox.depth();
    }

    /** Closes the WebSocket with a code, off the caller's thread (the caller may be a fan-out loop). */
    void close(CloseCode code, String reason) {
        closer.execute(() -> {
            try {
                if (session.isOpen()) {
                    session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason));
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "[" + id + "] close failed", e);
            }
        });
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
