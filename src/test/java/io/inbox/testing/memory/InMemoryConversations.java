package io.inbox.testing.memory;

import io.inbox.conversation.Conversation;
import io.inbox.conversation.ConversationRepository;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Conversations and their participants in memory. Thread-safe. */
public final class InMemoryConversations implements ConversationRepository {
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Stored> conversations = new ConcurrentHashMap<>();
    /** Participant reads of one conversation (the directory's misses). */
    public final java.util.concurrent.atomic.AtomicInteger participantReads = new java.util.concurrent.atomic.AtomicInteger();

    private static final class Stored extends Conversation {
        private final long id;
        private final List<Long> participants;

        Stored(long id, String title, long createdBy, Set<Long> participants) {
            super(title, createdBy, LocalDateTime.now());
            this.id = id;
            this.participants = List.copyOf(new TreeSet<>(participants));
        }

        @Override
        public long id() {
            return id;
        }
    }

    @Override
    public Conversation create(String title, long createdBy, Set<Long> participantIds) {
        Stored conversation = new Stored(ids.incrementAndGet(), title, createdBy, participantIds);
        conversations.put(conversation.id(), conversation);
        return conversation;
    }

    void touched(long conversationId, long messageId, LocalDateTime at) {
        // activity order is not needed by the message path
    }

    @Override
    public Optional<Conversation> find(long conversationId) {
        return Optional.ofNullable(conversations.get(conversationId));
    }

    @Override
    public List<Long> participantIds(long conversationId) {
        participantReads.incrementAndGet();
        Stored conversation = conversations.get(conversationId);
        return conversation == null ? List.of() : conversation.participants;
    }

    @Override
    public Map<Long, List<Long>> participantIds(Collection<Long> conversationIds) {
        Map<Long, List<Long>> result = new HashMap<>();
        conversationIds.forEach(id -> result.put(id, participantIds(id)));
        return result;
    }

    @Override
    public List<Conversation> listFor(long userId, int offset, int limit) {
        return conversations.values().stream().filter(c -> c.participants.contains(userId))
                .map(c -> (Conversation) c).skip(offset).limit(limit + 1L).toList();
    }

    @Override
    public Map<Long, Long> lastMessageIds(Collection<Long> conversationIds) {
        return Map.of();
    }

    @Override
    public Map<Long, Long> unreadCounts(long userId, Collection<Long> conversationIds) {
        return Map.of();
    }

    @Override
    public List<Long> contacts(long userId) {
        Set<Long> contacts = new TreeSet<>();
        conversations.values().stream().filter(c -> c.participants.contains(userId))
                .forEach(c -> contacts.addAll(c.participants));
        contacts.remove(userId);
        return List.copyOf(contacts);
    }
}
