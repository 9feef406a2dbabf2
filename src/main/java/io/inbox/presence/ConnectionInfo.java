package io.inbox.presence;

import java.time.Instant;

/**
 * One open connection as operators see it.
 *
 * @param connectionId  the id on the connection's log lines
 * @param instance      the instance holding it (a host name, or the grid member's address in a cluster)
 * @param endpoint      {@code /ws/inbox/} or {@code /ws/chat/{id}/} with its conversation id
 * @param since         when it opened
 * @param remoteAddress the client's address as the server saw it, or null when the container hides it
 */
public record ConnectionInfo(String connectionId, String instance, String endpoint, Instant since, String remoteAddress) {

    /** The same connection, placed on an instance. */
    public ConnectionInfo on(String instanceName) {
        return new ConnectionInfo(connectionId, instanceName, endpoint, since, remoteAddress);
    }
}
