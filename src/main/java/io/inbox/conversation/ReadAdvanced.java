package io.inbox.conversation;

import java.time.Instant;

/** A participant's read position moved forward. Fired inside the transaction; published {@code AFTER_SUCCESS}. */
public record ReadAdvanced(long conversationId, long userId, long messageId, Instant readAt) {
}
