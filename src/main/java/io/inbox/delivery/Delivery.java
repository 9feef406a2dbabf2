package io.inbox.delivery;

import io.inbox.conversation.ConversationDirectory;
import io.inbox.conversation.ConversationStarted;
import io.inbox.conversation.MessageChanged;
import io.inbox.conversation.MessageCommitted;
import io.inbox.conversation.ReadAdvanced;
import io.inbox.monitoring.InboxMetrics;
import io.inbox.protocol.FrameCodec;
import io.inbox.protocol.ServerEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;

/**
 * Routes committed events to their recipients: a message to every participant (a retry only back to its
 * sender), a new conversation to its participants. Each event is encoded once, whatever the fan-out, and
 * handed to the {@link Fanout}: this instance's connections, or every instance's in a cluster.
 */
@ApplicationScoped
public class Delivery {

    private FrameCodec codec;
    private Fanout fanout;
    private InboxMetrics metrics;
    private ConversationDirectory directory;

    protected Delivery() {
    }

    @Inject
    public Delivery(FrameCodec codec, Fanout fanout, InboxMetrics metrics, ConversationDirectory directory) {
        this.codec = codec;
        this.fanout = fanout;
        this.metrics = metrics;
        this.directory = directory;
    }

    /** Runs in the message writer's thread, in id order, after the commit. */
    public void onMessage(@Observes MessageCommitted committed) {
        ServerEvent.MessagePosted event = new ServerEvent.MessagePosted(committed.message());
        String frame = codec.encode(event);
        if (committed.replay()) {
            // a retry: the stored message again, to the sender only; not a new live message
            fanout.event(List.of(committed.message().senderId()), event.conversationId(), frame);
        } else {
            fanout.message(committed.message().messageId(), event.conversationId(),
                    directory.participants(committed.message().conversationId()), frame);
            metrics.deliveryLatency(System.currentTimeMillis() - committed.message().createdAt().toEpochMilli());
        }
    }

    public void onConversationStarted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationStarted started) {
        toUsers(started.conversation().participantIds(), new ServerEvent.ConversationCreated(started.conversation()));
    }

    public void onRead(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReadAdvanced read) {
        toUsers(directory.participants(read.conversationId()),
                new ServerEvent.Read(read.conversationId(), read.userId(), read.messageId(), read.readAt()));
    }

    public void onMessageChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessageChanged changed) {
        ServerEvent event = changed.deleted()
                ? new ServerEvent.MessageDeleted(changed.conversationId(), changed.messageId())
                : new ServerEvent.MessageUpdated(changed.conversationId(), changed.messageId(), changed.text(), changed.editedAt());
        toUsers(directory.participants(changed.conversationId()), event);
    }

    /** Sends an event to every open connection of these users that accepts its conversation (on every instance). */
    public void toUsers(Collection<Long> userIds, ServerEvent event) {
        fanout.event(userIds, event.conversationId(), codec.encode(event));
    }

    /** The highest message id whose live delivery on this instance is done (see {@link Fanout#deliveredUpTo()}). */
    public long deliveredUpTo() {
        return fanout.deliveredUpTo();
    }
}
