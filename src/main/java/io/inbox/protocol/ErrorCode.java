package io.inbox.protocol;

/** Codes of {@code error} frames. The connection always stays open after one. */
public enum ErrorCode {
    /** Malformed frame: bad JSON, binary frame, missing or mistyped field, unknown type, empty or too long message. */
    MALFORMED(4400),
    /** Unknown conversation or not a participant (one code for both, so ids cannot be probed); not the author. */
    FORBIDDEN(4403),
    /** Unknown message. */
    NOT_FOUND(4404),
    /** Rate limited: nothing was stored; retry later with the same client_id. */
    RATE_LIMITED(4429),
    /** Storage unavailable: nothing was stored; retry with the same client_id. */
    STORAGE_UNAVAILABLE(4503);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
