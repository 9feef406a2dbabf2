package io.inbox.conversation;

import io.inbox.protocol.ConversationView;

/** Fired inside the creating transaction; observers that publish use {@code TransactionPhase.AFTER_SUCCESS}. */
public record ConversationStarted(ConversationView conversation) {
}
