/**
 * The message path of one connection, whatever its transport: client commands dispatched to one handler each,
 * domain refusals turned into error frames in one place, and the {@code sync} replay.
 */
package io.inbox.messaging;
