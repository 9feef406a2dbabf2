package io.inbox.protocol;

/**
 * The {@code client_id} rule, for WebSocket frames and REST bodies alike: optional, and when given a string of 1 to
 * {@value #MAX_LENGTH} characters, unique per sender, that makes a sender's retries idempotent.
 */
public final class ClientId {
    /** Longest accepted {@code client_id}. */
    public static final int MAX_LENGTH = 64;
    /** What a client is told when its {@code client_id} breaks the rule. */
    public static final String RULE = "client_id must be 1 to " + MAX_LENGTH + " characters";

    private ClientId() {
    }

    /** Whether {@code clientId} may be sent: absent (null), or 1 to {@value #MAX_LENGTH} characters. */
    public static boolean isValid(String clientId) {
        return clientId == null || !clientId.isEmpty() && clientId.length() <= MAX_LENGTH;
    }
}
