package io.inbox.websocket;

import io.inbox.connection.Connection;
import io.inbox.connection.ConnectionLifecycle;
import io.inbox.messaging.CommandDispatcher;
import io.inbox.protocol.CloseCode;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One socket as its endpoint instance sees it, from {@code @OnOpen} on: client messages are put together from
 * their parts and size-checked ({@link IncomingMessage}: over the limit closes with 1009), then go to the
 * {@link CommandDispatcher}; the close goes to the {@link ConnectionLifecycle}. A refused socket (no
 * connection) ignores everything until its close.
 */
final class SocketHandler {
    private static final Logger LOG = Logger.getLogger(SocketHandler.class.getName());

    private final Connection connection;
    private final WebSocketTransport transport;
    private final IncomingMessage incoming;
    private final CommandDispatcher dispatcher;
    private final ConnectionLifecycle lifecycle;

    /** @param connection null when the socket was refused and is being closed */
    SocketHandler(Connection connection, WebSocketTransport transport, int maxMessageBytes, CommandDispatcher dispatcher,
                  ConnectionLifecycle lifecycle) {
        this.connection = connection;
        this.transport = transport;
        this.incoming = new IncomingMessage(maxMessageBytes);
        this.dispatcher = dispatcher;
        this.lifecycle = lifecycle;
    }

    /** A part of a client text message (an unfragmented frame is one part). */
    void text(String part, boolean last) {
        if (connection == null) {
            return;
        }
        String message = incoming.text(part, last);
        if (message != null) {
            dispatcher.text(connection, message);
        } else if (incoming.tooLarge()) {
            tooLarge();
        }
    }

    /** A part of a client binary message: refused with an error frame once complete, 1009 if too large. */
    void binary(ByteBuffer part, boolean last) {
        if (connection == null) {
            return;
        }
        if (incoming.binary(part, last)) {
            dispatcher.binary(connection);
        } else if (incoming.tooLarge()) {
            tooLarge();
        }
    }

    void pong() {
        if (connection != null) {
            connection.pong();
        }
    }

    void closed(CloseReason reason) {
        if (connection != null) {
            lifecycle.closed(connection, reason.getCloseCode().getCode());
        }
    }

    void failed(Throwable failure) {
        String who = connection == null ? "unauthenticated connection" : "[" + connection.id() + "]";
        if (failure instanceof IOException || failure.getCause() instanceof IOException) {
            LOG.log(Level.FINE, who + " transport error", failure);
        } else {
            LOG.log(Level.WARNING, who + " error", failure);
        }
    }

    /** Closed with 1009 at once, in the container's reading thread, so that no more of the message is read. */
    private void tooLarge() {
        LOG.info(() -> "[" + connection.id() + "] closing with 1009: a message over inbox.connection.max-frame-bytes");
        transport.close(CloseCode.TOO_BIG, FrameSizeWatch.REASON);
    }
}
