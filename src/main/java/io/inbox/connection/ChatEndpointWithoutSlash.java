package io.inbox.connection;

import jakarta.websocket.server.ServerEndpoint;

/** {@code /ws/chat/{conversation_id}} (no trailing slash): the same legacy endpoint. */
@ServerEndpoint(value = "/ws/chat/{conversation_id}", configurator = HandshakeConfigurator.class,
        subprotocols = "bearer")
public class ChatEndpointWithoutSlash extends ChatEndpoint {
}
