package io.inbox.delivery;

import java.util.Collection;

/** This instance's open connections, as delivery sees them. */
public interface LocalConnections {

    /**
     * Queues an encoded frame on every open connection of these users that accepts frames of this
     * conversation ({@code null}: not tied to a conversation). {@code messageId} is set for a newly
     * committed message (live delivery, in id order), null for anything else. Never blocks; a connection
     * whose queue overflows is closed, and the others still get the frame.
     */
    void deliver(Collection<Long> userIds, Long conversationId, Long messageId, String frame);

    /**
     * Some messages could not be delivered here and cannot be any more: every connection is closed with
     * 1013 (reconnect and {@code sync}), so no client silently misses a message.
     */
    void requireSync(String reason);

    /** Closes every connection of the user here with 4401 and this reason; returns how many. */
    int disconnect(long userId, String reason);

    /** Open connections here, by endpoint ({@code /ws/inbox/}, {@code /ws/chat/{id}/}). */
    java.util.Map<String, Integer> countByEndpoint();

    /** Frames waiting in all outgoing queues here. */
    long queuedFrames();

    /** Frames waiting in the fullest outgoing queue here. */
    long maxQueuedFrames();
}
