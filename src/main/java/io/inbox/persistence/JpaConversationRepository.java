package io.inbox.persistence;

import io.inbox.conversation.Conversation;
import io.inbox.conversation.ConversationRepository;
import io.inbox.conversation.Participant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Conversations and participants in the {@code conversation} and {@code participant} tables. */
@ApplicationScoped
@Transactional // reads too: a transaction-scoped EntityManager used without one is unreliable on pooled threads
public class JpaConversationRepository implements ConversationRepository {

    @PersistenceContext(unitName = "inbox")
    EntityManager em;

    @Override
    public Conversation create(String title, long createdBy, Set<Long> participantIds) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        Conversation conversation = new Conversation(title, createdBy, now);
        em.persist(conversation);
        em.flush(); // assigns the id
        for (long userId : participantIds) {
            em.persist(new Participant(conversation.id(), userId, now));
        }
        return conversation;
    }

    @Override
    public Optional<Conversation> find(long conversationId) {
        return Optional.ofNullable(em.find(Conversation.class, conversationId));
    }

    @Override
    public List<Long> participantIds(long conversationId) {
        return em.createQuery("SELECT p.userId FROM Participant p WHERE p.conversationId = :c ORDER BY p.userId",
                Long.class).setParameter("c", conversationId).getResultList();
    }

    @Override
    public Map<Long, List<Long>> participantIds(Collection<Long> conversationIds) {
        Map<Long, List<Long>> result = new TreeMap<>();
        if (conversationIds.isEmpty()) {
            return result;
        }
        em.createQuery("SELECT p.conversationId, p.userId FROM Participant p WHERE p.conversationId IN :ids"
                        + " ORDER BY p.conversationId, p.userId", Object[].class)
                .setParameter("ids", conversationIds).getResultList()
                .forEach(row -> result.computeIfAbsent((Long) row[0], k -> new java.util.ArrayList<>()).add((Long) row[1]));
        return result;
    }

    @Override
    public List<Conversation> listFor(long userId, int offset, int limit) {
        return em.createQuery("SELECT c FROM Conversation c, Participant p WHERE p.conversationId = c.id"
                        + " AND p.userId = :u ORDER BY c.lastActivityAt DESC, c.id DESC", Conversation.class)
                .setParameter("u", userId).setFirstResult(offset).setMaxResults(limit + 1).getResultList();
    }

    @Override
    public Map<Long, Long> lastMessageIds(Collection<Long> conversationIds) {
        Map<Long, Long> result = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return result;
        }
        em.createQuery("SELECT c.id, c.lastMessageId FROM Conversation c WHERE c.id IN :ids"
                        + " AND c.lastMessageId IS NOT NULL", Object[].class)
                .setParameter("ids", conversationIds).getResultList()
                .forEach(row -> result.put((Long) row[0], (Long) row[1]));
        return result;
    }

    @Override
    public Map<Long, Long> unreadCounts(long userId, Collection<Long> conversationIds) {
        Map<Long, Long> result = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return result;
        }
        em.createQuery("SELECT m.conversationId, COUNT(m) FROM Message m, Participant p"
                        + " WHERE p.userId = :u AND p.conversationId IN :ids AND m.conversationId = p.conversationId"
                        + " AND m.id > p.lastReadMessageId AND m.senderId <> :u AND m.deletedAt IS NULL"
                        + " GROUP BY m.conversationId", Object[].class)
                .setParameter("u", userId).setParameter("ids", conversationIds).getResultList()
                .forEach(row -> result.put((Long) row[0], ((Number) row[1]).longValue()));
        return result;
    }

    @Override
    public List<Long> contacts(long userId) {
        return em.createQuery("SELECT DISTINCT other.userId FROM Participant mine, Participant other"
                        + " WHERE mine.userId = :u AND other.conversationId = mine.conversationId AND other.userId <> :u"
                        + " ORDER BY other.userId", Long.class)
                .setParameter("u", userId).getResultList();
    }
}
