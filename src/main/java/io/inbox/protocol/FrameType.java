package io.inbox.protocol;

/** The {@code type} strings of the wire protocol, in one place. */
public final class FrameType {
    // client -> server (TEXT is also the server's message object)
    public static final String TEXT = "TEXT";
    public static final String PING = "ping";
    public static final String SYNC = "sync";

    // server -> client
    public static final String PONG = "pong";
    public static final String CONNECTION_ESTABLISHED = "connection_established";
    public static final String CONVERSATION_CREATED = "conversation_created";
    public static final String ERROR = "error";
    public static final String SYNC_COMPLETE = "sync_complete";

    private FrameType() {
    }
}
