package io.inbox.delivery;

import java.util.Collection;

/** This instance's open connections, as delivery sees them. */
public interface LocalConnections {

    /**
     * Queues an encoded frame on every open connection of these users that accepts frames of this
     * conversation ({@code null}: not tied to a conversation). Never blocks; a connection whose queue
     * overflows is closed, and the others still get the frame.
     */
    void deliver(Collection<Long> userIds, Long conversationId, String frame);
}
