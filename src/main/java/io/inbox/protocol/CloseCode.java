package io.inbox.protocol;

/**
 * WebSocket close codes the server uses. Each says whether a client should reconnect.
 * Connections are accepted first and then closed with the code, so browsers can read it.
 */
public enum CloseCode {
    /** Normal close. Reconnect only if the user still wants the connection. */
    NORMAL(1000),
    /** The server is shutting down. Reconnect (to another instance) and {@code sync}. */
    GOING_AWAY(1001),
    /** A frame was larger than the configured maximum. Reconnect; do not resend that frame. */
    TOO_BIG(1009),
    /** The client could not keep up (its outgoing queue overflowed). Reconnect and {@code sync}. */
    TRY_AGAIN_LATER(1013),
    /** Missing, invalid or expired token. Do not reconnect with the same token: get a new one first. */
    UNAUTHORIZED(4401),
    /** Unknown conversation or not a participant ({@code /ws/chat/{id}/}). Do not reconnect. */
    FORBIDDEN(4403),
    /** Heartbeat timeout: two pings without a pong. Reconnect and {@code sync}. */
    HEARTBEAT_TIMEOUT(4408),
    /** Too many open connections for this user. Do not reconnect until another connection closes. */
    TOO_MANY_CONNECTIONS(4429);

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
