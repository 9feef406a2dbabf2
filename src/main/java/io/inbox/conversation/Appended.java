package io.inbox.conversation;

/**
 * The outcome of appending one {@link NewMessage}: the stored message, and whether it had been stored
 * before under the same sender and client_id (a retry), in which case nothing new was written.
 */
public record Appended(Message message, boolean replay) {
}
