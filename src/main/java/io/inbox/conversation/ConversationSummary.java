package io.inbox.conversation;

import io.inbox.protocol.ConversationView;
import io.inbox.protocol.MessageView;

/** A conversation in the caller's list: with its newest message (null if none) and the caller's unread count. */
public record ConversationSummary(ConversationView conversation, MessageView lastMessage, long unreadCount) {
}
