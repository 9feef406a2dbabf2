package io.inbox.connection;

/** Bounds of each connection's outgoing queue. */
record OutboxLimits(int maxFrames, long maxChars) {
}
