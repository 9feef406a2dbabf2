package io.inbox.api;

/** A request body that is not JSON, or whose JSON does not fit the request's fields (400). The message is safe to show. */
public final class MalformedBody extends RuntimeException {
    static final String PREFIX = "JSON parse error";

    MalformedBody(String reason) {
        super(PREFIX + " - " + reason, null, false, false);
    }

    MalformedBody(Throwable cause) {
        super(PREFIX, cause, false, false);
    }
}
