package io.inbox.conversation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who takes part in which conversation, cached so that routing a message costs no database round trip.
 * Participants never change after creation, so entries never go stale; the cache is bounded by clearing
 * it when it grows past its limit.
 */
@ApplicationScoped
public class ConversationDirectory {
    private static final int MAX_CACHED_CONVERSATIONS = 100_000;

    private final Map<Long, List<Long>> participants = new ConcurrentHashMap<>();
    private ConversationRepository conversations;

    protected ConversationDirectory() {
    }

    @Inject
    public ConversationDirectory(ConversationRepository conversations) {
        this.conversations = conversations;
    }

    /** The participants, ascending; empty when the conversation does not exist. */
    public List<Long> participants(long conversationId) {
        List<Long> cached = participants.get(conversationId);
        if (cached != null) {
            return cached;
        }
        List<Long> loaded = List.copyOf(conversations.participantIds(conversationId));
        if (!loaded.isEmpty()) {
            remember(conversationId, loaded);
        }
        return loaded;
    }

    public boolean isParticipant(long conversationId, long userId) {
        return participants(conversationId).contains(userId);
    }

    /** A new conversation is cached once committed (never before: a rollback must leave no trace). */
    public void onStarted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConversationStarted started) {
        remember(started.conversation().id(), started.conversation().participantIds());
    }

    private void remember(long conversationId, List<Long> participantIds) {
        if (participants.size() >= MAX_CACHED_CONVERSATIONS) {
            participants.clear();
        }
        participants.put(conversationId, List.copyOf(participantIds));
    }
}
