package io.inbox.conversation;

/** No such message (or deleted, or in a conversation the user is not part of). */
public final class MessageNotFound extends RuntimeException {
    private final long messageId;

    public MessageNotFound(long messageId) {
        super("unknown message", null, false, false);
        this.messageId = messageId;
    }

    public long messageId() {
        return messageId;
    }
}
