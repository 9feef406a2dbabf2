package io.inbox.presence;

import io.inbox.protocol.PresenceView;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Who is connected, and so who is online, away or offline: on this instance ({@link LocalPresenceLedger},
 * the default) or across a cluster. Every method is atomic per user. A returned view is the user's new
 * status when it changed (to be announced), null when it did not.
 */
public interface PresenceLedger {

    /** The outcome of {@link #open}: refused when the user already had the maximum of connections. */
    record Opened(boolean accepted, PresenceView changed) {
        public static final Opened REFUSED = new Opened(false, null);
    }

    /** Adds a connection of the user unless they have {@code maxConnections} open (on every instance). */
    Opened open(long userId, ConnectionInfo connection, int maxConnections);

    /** The user's open connections on every instance (for operators). */
    java.util.List<ConnectionInfo> connections(long userId);

    /** Removes a connection; true when it was the user's last one anywhere (the offline grace period starts). */
    boolean close(long userId, String connectionId, Instant now);

    /** At the end of the grace period: offline, unless a connection opened meanwhile. */
    PresenceView settle(long userId);

    /** This instance's connections of the user went idle (away if all others are idle too), or active again. */
    PresenceView idle(long userId, boolean idle);

    /** The presence of those of these users who are connected or in their grace period; the others are absent. */
    Map<Long, PresenceView> find(Collection<Long> userIds);

    /**
     * Changes the ledger makes by itself (a cluster member died and took its connections with it) go to
     * this listener, to be announced. The default ledger makes none.
     */
    default void onChange(Consumer<PresenceView> listener) {
    }
}
