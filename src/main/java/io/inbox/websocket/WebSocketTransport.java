package io.inbox.websocket;

import io.inbox.connection.Transport;
import io.inbox.protocol.CloseCode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Transport} over a Jakarta WebSocket session: writes through the async remote, one at a time (the
 * connection's outbox sees to that).
 *
 * <p>A close asked for while the container is still inside {@code @OnOpen} (a refused handshake) happens a
 * moment later, from a timer. Closed right away, the TCP connection went down while the container was still
 * finishing the upgrade request on that thread; Grizzly then recycled that request twice, and another
 * client's concurrent handshake could get it (a plain HTTP 200, or a socket that never received a frame:
 * AuthenticationIT shows it). Nothing reaches the socket meanwhile: a refused connection is not registered.
 */
final class WebSocketTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(WebSocketTransport.class.getName());
    private static final long CLOSE_DELAY_IN_OPEN_MILLIS = 200;

    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final ScheduledExecutorService scheduler;
    private volatile boolean opening = true;

    WebSocketTransport(Session session, ScheduledExecutorService scheduler) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.scheduler = scheduler;
    }

    /** {@code @OnOpen} returned: closes happen at once from now on. */
    void opened() {
        opening = false;
    }

    @Override
    public void write(String frame, Written done) {
        remote.sendText(frame, result -> done.completed(result.isOK()));
    }

    @Override
    public void ping(byte[] payload) {
        try {
            remote.sendPing(ByteBuffer.wrap(payload));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ping failed", e);
        }
    }

    @Override
    public void close(CloseCode code, String reason) {
        if (opening) {
            try {
                scheduler.schedule(() -> closeNow(code, reason), CLOSE_DELAY_IN_OPEN_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "scheduler gone (shutting down): closing at once", e);
            }
        }
        closeNow(code, reason);
    }

    private void closeNow(CloseCode code, String reason) {
        try {
            if (session.isOpen()) { // the client may have gone meanwhile
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }
}
