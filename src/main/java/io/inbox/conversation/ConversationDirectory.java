package io.inbox.conversation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who takes part in which conversation, cached so that routing a message costs no database round trip.
 * Participants never change after creation (no operation adds or removes one), so an entry never goes stale, on
 * this instance or any other, and nothing has to be invalidated; the cache is only bounded
 * ({@code inbox.cache.participants.max-conversations}, least valuable conversations evicted first). A conversation
 * that does not exist (yet) is not cached: another instance may be about to commit it.
 */
@ApplicationScoped
public class ConversationDirectory {
    private Cache<Long, List<Long>> participants;
    private ConversationRepository conversations;

    protected ConversationDirectory() {
    }

    /** @param maxConversations most conversations whose participants are cached */
    @Inject
    public ConversationDirectory(ConversationRepository conversations,
                                 @ConfigProperty(name = "inbox.cache.participants.max-conversations",
                                         defaultValue = "100000") long maxConversations) {
        this.conversations = conversations;
        // no thread of its own: evictions run on the caller's thread (the container manages the threads)
        this.participants = Caffeine.newBuilder().maximumSize(maxConversations).executor(Runnable::run).build();
    }

    /** The participants, ascending; empty when the conversation does not exist. */
    public List<Long> participants(long conversationId) {
        List<Long> cached = participants.getIfPresent(conversationId);
        if (cached != null) {
            return cached;
        }
        List<Long> loaded = List.copyOf(conversations.participantIds(conversationId));
        if (!loaded.isEmpty()) {
            participants.put(conversationId, loaded);
        }
        return loaded;
    }

    public boolean isParticipant(long conversationId, long userId) {
        return participants(conversationId).contains(userId);
    }

    /** A new conversation is cached once committed (never before: a rollback must leave no trace). */
    public void onStarted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationStarted started) {
        participants.put(started.conversation().id(), List.copyOf(started.conversation().participantIds()));
    }
}
