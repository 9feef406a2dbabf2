package io.inbox.conversation;

/** Input that breaks a rule (empty or too long message, bad participant list). The message is safe to show. */
public final class InvalidInput extends RuntimeException {
    public InvalidInput(String message) {
        super(message, null, false, false);
    }
}
