package io.inbox.websocket;

import java.nio.ByteBuffer;

/**
 * Puts one connection's client messages back together from the parts the container hands over, and
 * enforces {@code inbox.connection.max-frame-bytes} on the whole message: an unfragmented frame, or all the
 * fragments of a fragmented message, in UTF-8 bytes as on the wire. It keeps at most the limit: as soon as
 * a message goes past it, what was kept is dropped, {@link #tooLarge()} turns true (the caller closes the
 * connection with 1009) and every later part is ignored.
 *
 * <p>This is the portable check: it works the same on every container, because the endpoints take messages
 * in parts ({@code @OnMessage} with a {@code boolean last}), so the container never assembles them itself.
 * The container's own limit ({@code Session.setMaxTextMessageBufferSize}) cannot be relied on: Tyrus applies
 * it to fragmented messages only, and buffers an unfragmented frame whole, up to 4 MiB, before anyone sees
 * it ({@link FrameSizeGuard} stops that earlier on Tyrus). Called by one container thread at a time.
 */
final class IncomingMessage {
    private final long limit;
    private final StringBuilder text = new StringBuilder();
    private long bytes;
    private boolean tooLarge;

    IncomingMessage(int limitBytes) {
        this.limit = limitBytes;
    }

    /**
     * Adds a part of a text message. Returns the whole message with its last part, and null while it is
     * incomplete, and for any part once the limit has been passed.
     */
    String text(String part, boolean last) {
        if (tooLarge || !fits(utf8Length(part, limit - bytes + 1))) {
            return null;
        }
        if (last) {
            if (text.length() == 0) { // an unfragmented frame: no copy
                bytes = 0;
                return part;
            }
            String message = text.append(part).toString();
            text.setLength(0);
            bytes = 0;
            return message;
        }
        text.append(part);
        return null;
    }

    /**
     * Adds a part of a binary message (counted, never kept: binary messages are refused anyway). True when
     * the message ended within the limit.
     */
    boolean binary(ByteBuffer part, boolean last) {
        if (tooLarge || !fits(part.remaining())) {
            return false;
        }
        if (last) {
            bytes = 0;
        }
        return last;
    }

    /** Whether a message went past the limit: the connection must be closed with 1009. */
    boolean tooLarge() {
        return tooLarge;
    }

    private boolean fits(long partBytes) {
        bytes += partBytes;
        if (bytes <= limit) {
            return true;
        }
        tooLarge = true;
        text.setLength(0);
        text.trimToSize();
        return false;
    }

    /**
     * The UTF-8 length of a part, counted up to {@code cap} (a larger part is over the limit anyway). A
     * surrogate pair is 4 bytes, also when the container splits it between two parts.
     */
    static long utf8Length(CharSequence part, long cap) {
        long n = 0;
        for (int i = 0, length = part.length(); i < length && n < cap; i++) {
            char c = part.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }
}
