package io.inbox.testing.memory;

import io.inbox.conversation.Appended;
import io.inbox.conversation.Message;
import io.inbox.conversation.MessageRepository;
import io.inbox.conversation.NewMessage;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Messages in memory, with the repository's contract: consecutive ids in commit order, a (sender, client_id)
 * stored once. Knows the conversations' participants through {@link InMemoryConversations}. Thread-safe.
 */
public final class InMemoryMessages implements MessageRepository {
    private final InMemoryConversations conversations;
    private final TreeMap<Long, Message> byId = new TreeMap<>();
    private final Map<String, Message> byClientId = new HashMap<>();
    private final Map<String, Long> readUpTo = new HashMap<>();
    private long lastId;
    /** When set, every write fails as a database outage would. */
    private volatile boolean down;

    public InMemoryMessages(InMemoryConversations conversations) {
        this.conversations = conversations;
    }

    /** Makes every write fail (true) or work again (false). */
    public void down(boolean down) {
        this.down = down;
    }

    @Override
    public synchronized List<Appended> append(List<NewMessage> batch, LocalDateTime now, boolean lookUpRetries) {
        if (down) {
            throw new IllegalStateException("database unavailable");
        }
        List<Appended> result = new ArrayList<>();
        for (NewMessage m : batch) {
            String key = m.senderId() + "/" + m.clientId();
            Message stored = m.clientId() == null ? null : byClientId.get(key);
            if (stored != null) {
                result.add(new Appended(stored, true));
                continue;
            }
            Message message = new Message(++lastId, m.conversationId(), m.senderId(), m.body(), m.clientId(), now);
            byId.put(message.id(), message);
            if (m.clientId() != null) {
                byClientId.put(key, message);
            }
            conversations.touched(m.conversationId(), message.id(), now);
            result.add(new Appended(message, false));
        }
        return result;
    }

    private synchronized List<Message> select(Predicate<Message> which, long after, long upTo, int limit) {
        return byId.subMap(after, false, upTo, true).values().stream().filter(m -> !m.deleted()).filter(which)
                .limit(limit).toList();
    }

    @Override
    public List<Message> after(long conversationId, long after, int limit) {
        return select(m -> m.conversationId() == conversationId, after, Long.MAX_VALUE, limit);
    }

    @Override
    public synchronized List<Message> before(long conversationId, long before, int limit) {
        List<Message> newestFirst = byId.headMap(before, false).descendingMap().values().stream()
                .filter(m -> !m.deleted() && m.conversationId() == conversationId).limit(limit).toList();
        return newestFirst.stream().sorted(Comparator.comparingLong(Message::id)).toList();
    }

    @Override
    public List<Message> latest(long conversationId, int limit) {
        return before(conversationId, Long.MAX_VALUE, limit);
    }

    @Override
    public synchronized List<Message> byIds(List<Long> ids) {
        return ids.stream().map(byId::get).filter(m -> m != null).toList();
    }

    @Override
    public synchronized long lastCommittedId() {
        return lastId;
    }

    @Override
    public List<Message> forUser(long userId, long after, long upTo, int limit) {
        return select(m -> conversations.participantIds(m.conversationId()).contains(userId), after, upTo, limit);
    }

    @Override
    public List<Message> range(long after, long upTo, int limit) {
        return select(m -> true, after, upTo, limit);
    }

    @Override
    public List<Message> between(long conversationId, long after, long upTo, int limit) {
        return select(m -> m.conversationId() == conversationId, after, upTo, limit);
    }

    @Override
    public synchronized Optional<Message> find(long messageId) {
        return Optional.ofNullable(byId.get(messageId)).filter(m -> !m.deleted());
    }

    @Override
    public synchronized boolean advanceRead(long conversationId, long userId, long messageId) {
        String key = conversationId + "/" + userId;
        long current = readUpTo.getOrDefault(key, 0L);
        if (messageId <= current) {
            return false;
        }
        readUpTo.put(key, messageId);
        return true;
    }

    @Override
    public void refreshLastMessage(long conversationId) {
        // the in-memory conversations keep no last message
    }
}
