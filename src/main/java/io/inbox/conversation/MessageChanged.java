package io.inbox.conversation;

import java.time.Instant;

/**
 * A stored message was edited ({@code text} and {@code editedAt} set) or deleted ({@code deleted}). Fired
 * inside the transaction; publishers observe it {@code AFTER_SUCCESS}.
 */
public record MessageChanged(long conversationId, long messageId, String text, Instant editedAt, boolean deleted) {
}
