package io.inbox.websocket;

import jakarta.enterprise.context.Dependent;
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
 * {@code /ws/inbox/}: the user-level connection carrying every conversation of the user.
 * One instance per connection; every callback is one line into its {@link SocketHandler}. Messages are taken
 * in parts, so their size is checked as they come. (WebSocket annotations are not inherited, so each mapped
 * path is a class of its own. It is a CDI bean, {@code @Dependent}: one per connection, and injected on every
 * server; Open Liberty injects only endpoints that CDI discovers.)
 */
@Dependent
@ServerEndpoint(value = "/ws/inbox/", configurator = HandshakeConfigurator.class, subprotocols = "bearer")
public class InboxEndpoint {
    @Inject
    WebSocketAdapter adapter;
    private SocketHandler socket;

    @OnOpen
    public void open(Session session) {
        socket = adapter.open(session);
    }

    @OnMessage
    public void text(String part, boolean last) {
        socket.text(part, last);
    }

    @OnMessage
    public void pong(PongMessage pong) {
        socket.pong();
    }

    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        socket.binary(part, last);
    }

    @OnClose
    public void close(CloseReason reason) {
        socket.closed(reason);
    }

    @OnError
    public void error(Throwable failure) {
        WebSocketAdapter.failed(socket, failure);
    }
}
