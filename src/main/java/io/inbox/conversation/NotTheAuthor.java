package io.inbox.conversation;

/** Only the author may edit or delete a message. */
public final class NotTheAuthor extends RuntimeException {
    private final long conversationId;

    public NotTheAuthor(long conversationId) {
        super("not the author of this message", null, false, false);
        this.conversationId = conversationId;
    }

    public long conversationId() {
        return conversationId;
    }
}
