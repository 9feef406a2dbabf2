package io.inbox.delivery;

import java.util.Collection;

/**
 * Where routed frames go: to this instance's connections only ({@link LocalFanout}, the default), or to
 * the connections of every instance of a cluster. Callers never block on it.
 */
public interface Fanout {

    /**
     * A newly committed message for live delivery to these users. The local message writer calls it in id
     * order; the connections receive messages in id order with none missing.
     */
    void message(long messageId, long conversationId, Collection<Long> userIds, String frame);

    /** Anything else (signals, announcements, a retry's echo): once, to these users' connections. */
    void event(Collection<Long> userIds, Long conversationId, String frame);

    /**
     * The highest message id whose live delivery on this instance is done: every message up to it has been
     * handed to the connections, and none of them will be again. A replay ({@code sync}) reads up to it.
     */
    long deliveredUpTo();

    /**
     * Closes every connection of the user, on every instance, with 4401 and this reason (an operator's
     * disconnect). Returns how many were closed on this instance.
     */
    int disconnect(long userId, String reason);
}
