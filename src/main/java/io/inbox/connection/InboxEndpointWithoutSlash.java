package io.inbox.connection;

import jakarta.websocket.server.ServerEndpoint;

/** {@code /ws/inbox} (no trailing slash): the same endpoint; WebSocket path templates match exactly. */
@ServerEndpoint(value = "/ws/inbox", configurator = HandshakeConfigurator.class, subprotocols = "bearer")
public class InboxEndpointWithoutSlash extends InboxEndpoint {
}
