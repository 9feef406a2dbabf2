package io.inbox.conversation;

/** A message a sender asked to post, not yet stored. {@code clientId} may be null. */
public record NewMessage(long conversationId, long senderId, String body, String clientId) {
}
