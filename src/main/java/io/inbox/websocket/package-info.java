/**
 * The WebSocket adapter (Jakarta WebSocket): the endpoints, the handshake (filter and configurator), the
 * transport over a session, and the size check of incoming messages. The only package that touches
 * {@code jakarta.websocket}.
 */
package io.inbox.websocket;
