package io.inbox.connection;

/** The two kinds of client connection, as logs, metrics and operators name them. */
public final class Endpoints {
    /** The user-level connection: every conversation of the user. */
    public static final String INBOX = "/ws/inbox/";
    /** The legacy per-conversation connection. */
    public static final String CHAT = "/ws/chat/{id}/";

    private Endpoints() {
    }
}
