package io.inbox.conversation;

/** The database could not store the message; nothing was stored, and a retry with the same client_id is safe. */
public final class StorageUnavailable extends RuntimeException {
    public StorageUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
