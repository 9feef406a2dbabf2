package io.inbox.messaging;

import io.inbox.connection.Connection;
import io.inbox.connection.Replies;
import io.inbox.connection.SyncWindow;
import io.inbox.conversation.ConversationService;
import io.inbox.delivery.Delivery;
import io.inbox.monitoring.InboxMetrics;
import io.inbox.platform.ServerExecutors;
import io.inbox.protocol.CloseCode;
import io.inbox.protocol.ErrorCode;
import io.inbox.protocol.FrameException;
import io.inbox.protocol.MessageView;
import io.inbox.protocol.ServerEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code sync}: sends every message of the connection's conversations with an id in {@code (after, H]}, where
 * H is the highest id whose live delivery on this instance was done when the sync started, page by page and
 * only as fast as the client reads, off the container's threads; live messages meanwhile are held back and
 * follow without duplicates (see {@link SyncWindow}); then {@code sync_complete}.
 */
@ApplicationScoped
public class SyncService {
    private static final Logger LOG = Logger.getLogger(SyncService.class.getName());

    private ConversationService conversations;
    private Delivery delivery;
    private Replies replies;
    private InboxMetrics metrics;
    private ServerExecutors executors;
    private int pageSize;
    private int clientTimeoutSeconds;

    protected SyncService() {
    }

    /**
     * @param pageSize             messages per replay page
     * @param clientTimeoutSeconds how long a replay waits for the client to read its previous page before
     *                             closing it with 1013
     */
    @Inject
    public SyncService(ConversationService conversations, Delivery delivery, Replies replies, InboxMetrics metrics,
                       ServerExecutors executors,
                       @ConfigProperty(name = "inbox.sync.page-size", defaultValue = "200") int pageSize,
                       @ConfigProperty(name = "inbox.sync.client-timeout-seconds", defaultValue = "10") int clientTimeoutSeconds) {
        this.conversations = conversations;
        this.delivery = delivery;
        this.replies = replies;
        this.metrics = metrics;
        this.executors = executors;
        this.pageSize = pageSize;
        this.clientTimeoutSeconds = clientTimeoutSeconds;
    }

    /**
     * Starts the replay of everything after {@code after}; it runs on the server's executor.
     *
     * @throws FrameException 4429 when a sync of this connection is running already
     */
    public void start(Connection connection, long after) {
        metrics.syncReplay();
        long upTo = Math.max(after, delivery.deliveredUpTo());
        SyncWindow.Plan plan = connection.beginSync(after, upTo);
        if (plan == null) {
            throw new FrameException(ErrorCode.RATE_LIMITED, "a sync is already running");
        }
        try {
            executors.executor().execute(() -> replay(connection, after, upTo, plan));
        } catch (RejectedExecutionException e) {
            connection.endSync(upTo, after, last -> interrupted());
        }
    }

    private void replay(Connection connection, long after, long upTo, SyncWindow.Plan plan) {
        long lastSent = after;
        boolean complete = false;
        try {
            for (long[] range : plan.ranges()) {
                long from = range[0];
                while (true) {
                    List<MessageView> page = conversations.replay(connection.userId(), connection.scope(), from, range[1],
                            pageSize);
                    for (MessageView message : page) {
                        replies.send(connection, new ServerEvent.MessagePosted(message));
                        lastSent = Math.max(lastSent, message.messageId());
                        from = message.messageId();
                    }
                    if (page.size() < pageSize) {
                        break;
                    }
                    if (!connection.awaitRoom(clientTimeoutSeconds * 1000L)) {
                        LOG.info(() -> "[" + connection.id() + "] closed during sync: the client does not read");
                        connection.close(CloseCode.TRY_AGAIN_LATER, "client too slow for sync");
                        return;
                    }
                }
            }
            complete = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[" + connection.id() + "] sync failed", e);
        } finally {
            boolean done = complete;
            connection.endSync(upTo, lastSent, last -> done ? replies.encode(new ServerEvent.SyncComplete(last)) : interrupted());
        }
    }

    private String interrupted() {
        return replies.encode(new ServerEvent.Error(ErrorCode.STORAGE_UNAVAILABLE,
                "sync interrupted: sync again from your last message id", null, null));
    }
}
