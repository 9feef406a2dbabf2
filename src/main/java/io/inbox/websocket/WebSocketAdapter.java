package io.inbox.websocket;

import io.inbox.connection.Admission;
import io.inbox.connection.ConnectionLifecycle;
import io.inbox.messaging.CommandDispatcher;
import io.inbox.platform.ServerExecutors;
import io.inbox.protocol.CloseCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens the sockets of every endpoint class: the handshake's {@link Admission} meets its session, and the
 * endpoint instance gets the {@link SocketHandler} that its callbacks go to, one line each.
 */
@ApplicationScoped
public class WebSocketAdapter {
    private static final Logger LOG = Logger.getLogger(WebSocketAdapter.class.getName());

    private ConnectionLifecycle lifecycle;
    private CommandDispatcher dispatcher;
    private ServerExecutors executors;
    private int maxFrameBytes;

    protected WebSocketAdapter() {
    }

    /**
     * @param maxFrameBytes largest accepted client message, in bytes: one unfragmented frame or a whole
     *                      fragmented message (larger: close 1009)
     */
    @Inject
    public WebSocketAdapter(ConnectionLifecycle lifecycle, CommandDispatcher dispatcher, ServerExecutors executors,
                            @ConfigProperty(name = "inbox.connection.max-frame-bytes", defaultValue = "65536") int maxFrameBytes) {
        this.lifecycle = lifecycle;
        this.dispatcher = dispatcher;
        this.executors = executors;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** {@code @OnOpen}: the socket's handler; a refused socket is being closed with its code. */
    SocketHandler open(Session session) {
        Object admission = session.getUserProperties().remove(HandshakeConfigurator.ADMISSION);
        // the container's own limits, for what it assembles itself (the endpoints take parts: IncomingMessage
        // counts those; Undertow applies the binary limit to binary parts too)
        session.setMaxTextMessageBufferSize(maxFrameBytes);
        session.setMaxBinaryMessageBufferSize(maxFrameBytes);
        IdleTimer.disable(session); // dead peers are found by the heartbeat (4408)
        WebSocketTransport transport = new WebSocketTransport(session, executors.scheduler());
        try {
            return new SocketHandler(lifecycle.open(admission instanceof Admission known ? known
                    : new Admission.Refused(CloseCode.UNAUTHORIZED, "missing token"), transport), transport, maxFrameBytes,
                    dispatcher, lifecycle);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Opening a connection failed; closing", e);
            transport.close(CloseCode.TRY_AGAIN_LATER, "server error");
            return new SocketHandler(null, transport, maxFrameBytes, dispatcher, lifecycle);
        } finally {
            transport.opened();
        }
    }

    /** An error before the socket opened. */
    static void failed(SocketHandler socket, Throwable failure) {
        if (socket != null) {
            socket.failed(failure);
        } else {
            LOG.log(Level.FINE, "WebSocket error before open", failure);
        }
    }
}
