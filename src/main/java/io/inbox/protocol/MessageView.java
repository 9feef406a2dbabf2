package io.inbox.protocol;

import java.time.Instant;

/**
 * The message object (legacy shape plus optional fields), as sent over WebSockets and returned by REST.
 * {@code clientId} and {@code editedAt} are null when absent.
 */
public record MessageView(long messageId, long conversationId, long senderId, String senderName,
                          String senderAvatar, String message, Instant createdAt, String clientId,
                          Instant editedAt) {
}
