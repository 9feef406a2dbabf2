package io.inbox.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the frame headers in the bytes a client sends on an upgraded WebSocket connection, before the
 * WebSocket runtime buffers them (see {@link FrameSizeGuard}). A non-control frame whose declared length
 * would take its message past the limit (an unfragmented frame over it, or the fragment of a fragmented
 * message that passes it) is not passed on: in its place the runtime gets a client close frame with 1009,
 * and nothing after it. A frame header is held back until it is complete, so the runtime never sees part of
 * a header that is then replaced. Payload bytes are passed on unchanged and never kept. After a refusal the
 * bytes that still arrive are only {@linkplain #discard looked through} for the client's own close frame.
 * Not thread-safe: one reader at a time, as a servlet input stream is read.
 */
final class FrameSizeWatch {
    /** Reason of the 1009 close (the runtime echoes it to the client). */
    static final String REASON = "frame too large";
    /** A masked (key 0) client close frame: 1009 and {@link #REASON}. */
    static final byte[] CLOSE_TOO_BIG = closeFrame(1009, REASON);

    private final long limit;
    private final byte[] header = new byte[14];
    private int headerLength;
    private int headerNeeded = 2;
    private long payloadLeft;
    private long messageBytes;
    private long refusedLength = -1;
    private boolean clientClosed;

    FrameSizeWatch(long limit) {
        this.limit = limit;
    }

    /** Whether an oversized frame was refused: nothing more is to be read from the connection. */
    boolean tripped() {
        return refusedLength >= 0;
    }

    /** The declared length of the refused frame (for the log), -1 if none. */
    long refusedLength() {
        return refusedLength;
    }

    /** The bytes of the refused frame's message before that frame (fragments already passed on). */
    long earlierBytes() {
        return messageBytes;
    }

    /**
     * Checks {@code len} bytes just read in place: when every frame header in them is complete and within the
     * limit (the usual case: whole small frames, or payload), they pass as they are, the state moves on and
     * true is returned, without a copy. Otherwise nothing changes: give them to {@link #feed}.
     */
    boolean passesUnchanged(byte[] in, int off, int len) {
        if (tripped() || headerLength > 0) {
            return false;
        }
        long left = payloadLeft;
        long message = messageBytes;
        int i = off;
        int end = off + len;
        while (left < end - i) {
            i += (int) left; // the rest of the current payload; a header starts here
            if (end - i < 2) {
                return false;
            }
            int length7 = in[i + 1] & 0x7f;
            int need = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + ((in[i + 1] & 0x80) != 0 ? 4 : 0);
            if (end - i < need) {
                return false;
            }
            long length = length7 == 126 ? (in[i + 2] & 0xffL) << 8 | in[i + 3] & 0xffL
                    : length7 == 127 ? bigEndian(in, i + 2) : length7;
            int opcode = in[i] & 0x0f;
            if ((opcode & 0x08) == 0) {
                if (opcode != 0) {
                    message = 0;
                }
                if (length < 0 || length > limit - message) {
                    return false; // feed refuses it
                }
                message += length;
            }
            i += need;
            left = length;
        }
        payloadLeft = left - (end - i);
        messageBytes = message;
        return true;
    }

    /**
     * Writes to {@code out} what the runtime is to read of {@code len} bytes just read: payload bytes and
     * complete, accepted frame headers; for an oversized frame the close frame, and then nothing.
     */
    void feed(byte[] in, int off, int len, ByteArrayOutputStream out) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (tripped()) {
                discard(in, i, end - i); // the rest of what was read
                return;
            }
            if (payloadLeft > 0) {
                int n = (int) Math.min(payloadLeft, end - i);
                out.write(in, i, n);
                i += n;
                payloadLeft -= n;
                continue;
            }
            if (headerByte(in[i++])) {
                completeHeader(out);
            }
        }
    }

    /**
     * After a refusal: looks through bytes that are dropped (the rest of the refused frame and whatever
     * follows) for the header of a client close frame. True once it arrived: the client stopped sending.
     */
    boolean discard(byte[] in, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && !clientClosed) {
            if (payloadLeft > 0) {
                int n = (int) Math.min(payloadLeft, end - i);
                i += n;
                payloadLeft -= n;
                continue;
            }
            if (headerByte(in[i++])) {
                if ((header[0] & 0x0f) == 0x8) {
                    clientClosed = true;
                    break;
                }
                long length = length(header);
                payloadLeft = length < 0 ? Long.MAX_VALUE : length;
                headerLength = 0;
                headerNeeded = 2;
            }
        }
        return clientClosed;
    }

    /** Takes one byte of a frame header; true when the header is complete. */
    private boolean headerByte(byte b) {
        header[headerLength++] = b;
        if (headerLength == 2) {
            int length7 = header[1] & 0x7f;
            headerNeeded = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
        }
        return headerLength == headerNeeded;
    }

    /** Whether the client's close frame arrived after a refusal. */
    boolean clientClosed() {
        return clientClosed;
    }

    private static long length(byte[] header) {
        int length7 = header[1] & 0x7f;
        return length7 == 126 ? (header[2] & 0xffL) << 8 | header[3] & 0xffL
                : length7 == 127 ? bigEndian(header, 2) : length7;
    }

    private void completeHeader(ByteArrayOutputStream out) {
        int opcode = header[0] & 0x0f;
        long length = length(header);
        if ((opcode & 0x08) == 0) { // not a control frame: text, binary, continuation (or reserved)
            if (opcode != 0) {
                messageBytes = 0; // a new message
            }
            if (length < 0 || length > limit - messageBytes) { // < 0: a 64-bit length with the top bit set
                refusedLength = length < 0 ? Long.MAX_VALUE : length;
                out.writeBytes(CLOSE_TOO_BIG);
                headerLength = 0;
                headerNeeded = 2;
                payloadLeft = refusedLength; // to be skipped by discard
                return;
            }
            messageBytes += length;
        }
        out.write(header, 0, headerLength);
        headerLength = 0;
        headerNeeded = 2;
        payloadLeft = length;
    }

    private static long bigEndian(byte[] bytes, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 8; i++) {
            value = value << 8 | bytes[i] & 0xffL;
        }
        return value;
    }

    private static byte[] closeFrame(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[2 + 4 + 2 + text.length];
        frame[0] = (byte) 0x88; // FIN, close
        frame[1] = (byte) (0x80 | (2 + text.length)); // masked (with the key 0: the payload is as it is)
        frame[6] = (byte) (code >>> 8);
        frame[7] = (byte) code;
        System.arraycopy(text, 0, frame, 8, text.length);
        return frame;
    }
}
