package io.inbox.conversation;

/** The conversation does not exist or the user is not a participant: one outcome, so ids cannot be probed. */
public final class ConversationNotFound extends RuntimeException {
    private final long conversationId;

    public ConversationNotFound(long conversationId) {
        super("unknown conversation or not a participant", null, false, false);
        this.conversationId = conversationId;
    }

    public long conversationId() {
        return conversationId;
    }
}
