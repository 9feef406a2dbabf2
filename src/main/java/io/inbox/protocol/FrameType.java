package io.inbox.protocol;

/** The {@code type} strings of the wire protocol, in one place. */
public final class FrameType {
    // client -> server (TEXT is also the server's message object)
    public static final String TEXT = "TEXT";
    public static final String PING = "ping";
    public static final String SYNC = "sync";
    public static final String TYPING = "typing";
    public static final String TYPING_START = "typing_start";
    public static final String TYPING_STOP = "typing_stop";
    public static final String READ = "read";
    public static final String EDIT = "edit";
    public static final String DELETE = "delete";

    // server -> client
    public static final String PONG = "pong";
    public static final String CONNECTION_ESTABLISHED = "connection_established";
    public static final String CONVERSATION_CREATED = "conversation_created";
    public static final String ERROR = "error";
    public static final String SYNC_COMPLETE = "sync_complete";
    public static final String MESSAGE_UPDATED = "message_updated";
    public static final String MESSAGE_DELETED = "message_deleted";
    public static final String PRESENCE = "presence";
    public static final String PRESENCE_LIST = "presence_list";

    /** Every type the protocol defines: events published by other services must use a type of their own. */
    public static final java.util.Set<String> PROTOCOL = java.util.Set.of(TEXT, PING, SYNC, TYPING, TYPING_START,
            TYPING_STOP, READ, EDIT, DELETE, PONG, CONNECTION_ESTABLISHED, CONVERSATION_CREATED, ERROR, SYNC_COMPLETE,
            MESSAGE_UPDATED, MESSAGE_DELETED, PRESENCE, PRESENCE_LIST);

    private FrameType() {
    }
}
