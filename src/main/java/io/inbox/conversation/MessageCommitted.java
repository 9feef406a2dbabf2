package io.inbox.conversation;

import io.inbox.protocol.MessageView;

/**
 * Fired (synchronously, in commit order, after the commit) for each appended message. A {@code replay}
 * is a retry of a message stored before: only the sender's connections get it again.
 */
public record MessageCommitted(MessageView message, boolean replay) {
}
