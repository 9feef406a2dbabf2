package io.inbox.connection;

/** Per-connection bounds: the outgoing queue and the incoming frame rate. */
record ConnectionLimits(int outboxFrames, long outboxChars, double framesPerSecond, int frameBurst) {
}
