package io.inbox.connection;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/**
 * {@code /ws/chat/{conversation_id}/}: the legacy per-conversation connection. Same authentication,
 * storage and fan-out as {@code /ws/inbox/}, but it carries only that conversation; a user who is not a
 * participant (or an unknown conversation) is closed with 4403.
 */
@ServerEndpoint(value = "/ws/chat/{conversation_id}/", configurator = HandshakeConfigurator.class,
        subprotocols = "bearer")
public class ChatEndpoint {
    static final String PATH = "/ws/chat/{id}/";

    @Inject
    ConnectionLifecycle lifecycle;

    private Connection connection;

    @OnOpen
    public void open(Session session, @PathParam("conversation_id") String conversationId) {
        connection = lifecycle.openChat(session, conversationId, PATH);
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
