package io.inbox.persistence;

import io.inbox.conversation.Appended;
import io.inbox.conversation.Message;
import io.inbox.conversation.MessageRepository;
import io.inbox.conversation.NewMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** Messages in the {@code message} table, ids from the {@code message_clock} row. */
@ApplicationScoped
@Transactional // reads too: a transaction-scoped EntityManager used without one is unreliable on pooled threads
public class JpaMessageRepository implements MessageRepository {

    private static final Logger LOG = Logger.getLogger(JpaMessageRepository.class.getName());

    @PersistenceContext(unitName = "inbox")
    EntityManager em;
    /** Whether the provider hands out the transaction's connection for JDBC batches (EclipseLink does). */
    private volatile boolean jdbcBatches = true;

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Appended> append(List<NewMessage> batch, LocalDateTime now, boolean lookUpRetries) {
        Map<SenderClientId, Message> known = lookUpRetries ? storedRetries(batch) : new HashMap<>();
        List<NewMessage> fresh = new ArrayList<>();
        for (NewMessage m : batch) {
            SenderClientId key = SenderClientId.of(m);
            if (key == null || !known.containsKey(key)) {
                fresh.add(m);
                if (key != null) {
                    known.put(key, null); // claimed by this batch; filled in below
                }
            }
        }
        long firstId = reserveIds(fresh.size());
        List<Appended> result = new ArrayList<>(batch.size());
        Map<Long, Long> lastIdByConversation = new LinkedHashMap<>();
        long nextId = firstId;
        for (NewMessage m : batch) {
            SenderClientId key = SenderClientId.of(m);
            Message stored = key == null ? null : known.get(key);
            if (stored != null) {
                result.add(new Appended(stored, true));
                continue;
            }
            Message message = new Message(nextId++, m.conversationId(), m.senderId(), m.body(), m.clientId(), now);
            em.persist(message);
            if (key != null) {
                known.put(key, message);
            }
            lastIdByConversation.put(m.conversationId(), message.id());
            result.add(new Appended(message, false));
        }
        markLastMessages(lastIdByConversation, now);
        return result;
    }

    /**
     * Every touched conversation's last message and activity time: one JDBC batch on the transaction's
     * connection (one round trip), where the provider hands that connection out (EclipseLink). A JPQL update
     * per conversation cost a statement each, and one native statement with a parameter pair per conversation
     * cost EclipseLink a scan of the SQL per parameter. Elsewhere (Hibernate: no such unwrap), one JPQL update
     * per conversation, which the provider may batch itself.
     */
    private void markLastMessages(Map<Long, Long> lastIdByConversation, LocalDateTime now) {
        if (lastIdByConversation.isEmpty()) {
            return;
        }
        em.flush(); // the messages first, and the transaction's connection acquired
        java.sql.Connection connection = jdbcBatches ? transactionConnection() : null;
        if (connection == null) {
            lastIdByConversation.forEach((conversationId, messageId) -> em.createQuery(
                            "UPDATE Conversation c SET c.lastMessageId = :m, c.lastActivityAt = :at WHERE c.id = :c")
                    .setParameter("m", messageId).setParameter("at", now).setParameter("c", conversationId)
                    .executeUpdate());
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE conversation SET last_message_id = ?, last_activity_at = ? WHERE id = ?")) {
            Timestamp at = Timestamp.valueOf(now);
            for (Map.Entry<Long, Long> e : lastIdByConversation.entrySet()) {
                update.setLong(1, e.getValue());
                update.setTimestamp(2, at);
                update.setLong(3, e.getKey());
                update.addBatch();
            }
            update.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceException("updating the conversations' last message failed", e);
        }
    }

    /** The transaction's JDBC connection, or null (once and for all) where the provider does not unwrap to it. */
    private java.sql.Connection transactionConnection() {
        try {
            return em.unwrap(java.sql.Connection.class);
        } catch (PersistenceException | IllegalArgumentException e) {
            jdbcBatches = false;
            LOG.info(() -> "The JPA provider does not hand out its JDBC connection (" + e.getMessage()
                    + "): conversations are updated with one JPQL statement each");
            return null;
        }
    }

    /**
     * Takes {@code count} consecutive ids from the clock row. The row stays locked until this transaction
     * commits, so id ranges are handed out in commit order across all writers and instances.
     */
    private long reserveIds(int count) {
        if (count == 0) {
            return 0;
        }
        em.createNativeQuery("UPDATE message_clock SET last_id = last_id + ?1 WHERE id = 1")
                .setParameter(1, count).executeUpdate();
        Number last = (Number) em.createNativeQuery("SELECT last_id FROM message_clock WHERE id = 1").getSingleResult();
        return last.longValue() - count + 1;
    }

    /** Messages already stored under the batch's (sender, client_id) pairs: one index lookup per sender. */
    private Map<SenderClientId, Message> storedRetries(List<NewMessage> batch) {
        Map<Long, Set<String>> clientIdsBySender = batch.stream().filter(m -> m.clientId() != null)
                .collect(Collectors.groupingBy(NewMessage::senderId,
                        Collectors.mapping(NewMessage::clientId, Collectors.toSet())));
        Map<SenderClientId, Message> found = new HashMap<>();
        clientIdsBySender.forEach((sender, clientIds) -> em.createQuery(
                        "SELECT m FROM Message m WHERE m.senderId = :s AND m.clientId IN :c", Message.class)
                .setParameter("s", sender).setParameter("c", clientIds).getResultList()
                .forEach(m -> found.put(new SenderClientId(m.senderId(), m.clientId()), m)));
        return found;
    }

    @Override
    public List<Message> after(long conversationId, long after, int limit) {
        return em.createQuery("SELECT m FROM Message m WHERE m.conversationId = :c AND m.id > :after"
                        + " AND m.deletedAt IS NULL ORDER BY m.id ASC", Message.class)
                .setParameter("c", conversationId).setParameter("after", after).setMaxResults(limit)
                .getResultList();
    }

    @Override
    public List<Message> before(long conversationId, long before, int limit) {
        List<Message> newestFirst = new ArrayList<>(em.createQuery("SELECT m FROM Message m WHERE m.conversationId = :c"
                        + " AND m.id < :before AND m.deletedAt IS NULL ORDER BY m.id DESC", Message.class)
                .setParameter("c", conversationId).setParameter("before", before).setMaxResults(limit)
                .getResultList());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public List<Message> latest(long conversationId, int limit) {
        return before(conversationId, Long.MAX_VALUE, limit);
    }

    @Override
    public long lastCommittedId() {
        return ((Number) em.createNativeQuery("SELECT last_id FROM message_clock WHERE id = 1").getSingleResult()).longValue();
    }

    @Override
    public List<Message> forUser(long userId, long after, long upTo, int limit) {
        return em.createQuery("SELECT m FROM Message m, Participant p WHERE p.userId = :u"
                        + " AND m.conversationId = p.conversationId AND m.id > :after AND m.id <= :upTo"
                        + " AND m.deletedAt IS NULL ORDER BY m.id ASC", Message.class)
                .setParameter("u", userId).setParameter("after", after).setParameter("upTo", upTo)
                .setMaxResults(limit).getResultList();
    }

    @Override
    public List<Message> range(long after, long upTo, int limit) {
        return em.createQuery("SELECT m FROM Message m WHERE m.id > :after AND m.id <= :upTo"
                        + " AND m.deletedAt IS NULL ORDER BY m.id ASC", Message.class)
                .setParameter("after", after).setParameter("upTo", upTo).setMaxResults(limit).getResultList();
    }

    @Override
    public List<Message> between(long conversationId, long after, long upTo, int limit) {
        return em.createQuery("SELECT m FROM Message m WHERE m.conversationId = :c AND m.id > :after"
                        + " AND m.id <= :upTo AND m.deletedAt IS NULL ORDER BY m.id ASC", Message.class)
                .setParameter("c", conversationId).setParameter("after", after).setParameter("upTo", upTo)
                .setMaxResults(limit).getResultList();
    }

    @Override
    public java.util.Optional<Message> find(long messageId) {
        Message message = em.find(Message.class, messageId);
        return message == null || message.deleted() ? java.util.Optional.empty() : java.util.Optional.of(message);
    }

    @Override
    public boolean advanceRead(long conversationId, long userId, long messageId) {
        return em.createQuery("UPDATE Participant p SET p.lastReadMessageId = :id WHERE p.conversationId = :c"
                        + " AND p.userId = :u AND p.lastReadMessageId < :id")
                .setParameter("id", messageId).setParameter("c", conversationId).setParameter("u", userId)
                .executeUpdate() > 0;
    }

    @Override
    public void refreshLastMessage(long conversationId) {
        em.flush();
        Long newest = em.createQuery("SELECT MAX(m.id) FROM Message m WHERE m.conversationId = :c AND m.deletedAt IS NULL",
                Long.class).setParameter("c", conversationId).getSingleResult();
        em.createQuery("UPDATE Conversation c SET c.lastMessageId = :id WHERE c.id = :c")
                .setParameter("id", newest).setParameter("c", conversationId).executeUpdate();
    }

    @Override
    public List<Message> byIds(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return em.createQuery("SELECT m FROM Message m WHERE m.id IN :ids ORDER BY m.id", Message.class)
                .setParameter("ids", ids).getResultList();
    }

    private record SenderClientId(long senderId, String clientId) {
        static SenderClientId of(NewMessage m) {
            return m.clientId() == null ? null : new SenderClientId(m.senderId(), m.clientId());
        }
    }
}
