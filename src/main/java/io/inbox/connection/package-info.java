/**
 * Client connections, whatever their transport: admitted at the handshake, accepted or refused at open,
 * registered for delivery, each with its bounded outbox, sync window, rate limit and heartbeat, behind the
 * {@link io.inbox.connection.Transport} seam.
 */
package io.inbox.connection;
