package io.inbox.connection;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/**
 * {@code /ws/inbox/}: the user-level connection carrying every conversation of the user. Thin: each
 * callback hands over to {@link ConnectionLifecycle}. One instance per connection (CDI-injected).
 */
@ServerEndpoint(value = "/ws/inbox/", configurator = HandshakeConfigurator.class, subprotocols = "bearer")
public class InboxEndpoint {
    static final String PATH = "/ws/inbox/";

    @Inject
    ConnectionLifecycle lifecycle;

    private Connection connection;

    @OnOpen
    public void open(Session session) {
        connection = lifecycle.open(session, PATH);
    }

    @OnMessage
    public void text(String frame) {
        lifecycle.text(connection, frame);
    }

    @OnMessage
    public void pong(PongMessage pong) {
        lifecycle.pong(connection);
    }

    @OnMessage
    public void binary(ByteBuffer frame) {
        lifecycle.binary(connection);
    }

    @OnClose
    public void close(CloseReason reason) {
        lifecycle.closed(connection, reason);
    }

    @OnError
    public void error(Throwable failure) {
        lifecycle.failed(connection, failure);
    }
}
