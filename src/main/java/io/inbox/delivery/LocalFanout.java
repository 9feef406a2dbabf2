package io.inbox.delivery;

import io.inbox.conversation.MessageLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.Collection;

/**
 * One instance: frames go straight to this instance's connections, on the caller's thread. The local
 * writer is the only source of messages, so its publication order is the delivery order.
 */
@ApplicationScoped
@Typed(LocalFanout.class)
public class LocalFanout implements Fanout {

    private LocalConnections connections;
    private MessageLog log;

    protected LocalFanout() {
    }

    @Inject
    public LocalFanout(LocalConnections connections, MessageLog log) {
        this.connections = connections;
        this.log = log;
    }

    @Override
    public void message(long messageId, long conversationId, Collection<Long> userIds, String frame) {
        connections.deliver(userIds, conversationId, messageId, frame);
    }

    @Override
    public void event(Collection<Long> userIds, Long conversationId, String frame) {
        connections.deliver(userIds, conversationId, null, frame);
    }

    @Override
    public int disconnect(long userId, String reason) {
        return connections.disconnect(userId, reason);
    }

    @Override
    public long deliveredUpTo() {
        return log.lastPublishedId();
    }
}
