package io.inbox.auth;

/**
 * Why a token was refused. The descriptions are safe to send to clients (for example as a
 * WebSocket close reason): they never contain token data or key details.
 */
public enum RefusalReason {
    /** No token, or a blank one. */
    MISSING("missing token"),
    /** Not a compact JWS of three base64url segments with JSON header and payload. */
    MALFORMED("malformed token"),
    /** Unsupported algorithm, bad signature, wrong issuer, missing or bad claims. */
    INVALID("invalid token"),
    /** Correctly signed but past its expiry time (beyond the allowed clock skew). */
    EXPIRED("expired token");

    private final String description;

    RefusalReason(String description) {
        this.description = description;
    }

    /** A short, client-safe description such as {@code "expired token"}. */
    public String description() {
        return description;
    }
}
