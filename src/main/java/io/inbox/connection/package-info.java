/** The WebSocket adapters: endpoints, handshake, this instance's open connections and their bounded outboxes. */
package io.inbox.connection;
