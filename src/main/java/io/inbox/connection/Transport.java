package io.inbox.connection;

import io.inbox.protocol.CloseCode;

/**
 * The wire under one {@link Connection}: what a transport adapter (the WebSocket endpoints) implements, and
 * all the connection knows of it. Nothing of {@code jakarta.websocket} passes this seam, so the whole message
 * path runs, and is unit-tested, against a recording transport.
 */
public interface Transport {

    /** The outcome of one {@link #write}. */
    @FunctionalInterface
    interface Written {
        void completed(boolean ok);
    }

    /**
     * Writes one text frame without blocking; {@code done} runs once when it was written or failed, possibly
     * before this method returns. The connection never has more than one write in flight.
     */
    void write(String frame, Written done);

    /** Sends a ping (heartbeat); a failure is left to the heartbeat to notice. */
    void ping(byte[] payload);

    /** Closes with this code, from the caller's thread (or a moment later, if the adapter must). */
    void close(CloseCode code, String reason);
}
