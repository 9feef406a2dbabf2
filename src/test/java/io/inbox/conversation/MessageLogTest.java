package io.inbox.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.user.Profile;
import io.inbox.user.UserService;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The writer's optimistic group commit: batches are inserted without a retry lookup, the unique key
 * (sender, client_id) rejects a retry of an older message, and the batch is then written one message at a
 * time with the lookup, so the retry is answered with the stored message and the others are stored once.
 */
class MessageLogTest {
    private final UniqueKeyRepository repository = new UniqueKeyRepository();
    private final List<MessageCommitted> published = new ArrayList<>();
    private MessageLog log;

    @BeforeEach
    void setUp() {
        UserService users = new UserService() {
            @Override
            public Profile profile(long id) {
                return new Profile(id, "u" + id, null, null);
            }
        };
        log = new MessageLog(repository, users, new Recorder(published), io.inbox.monitoring.InboxMetrics.off(),
                new io.inbox.platform.ServerExecutors(null, null, null), 100, 500);
    }

    @Test
    void aRetryOfAnOlderMessageInABatchIsAnsweredWithTheStoredOneAndTheOthersAreStoredOnce() throws Exception {
        repository.stored.put("7/old", new Message(41, 1, 7, "sent before a restart", "old", LocalDateTime.now()));

        List<MessageLog.Pending> batch = List.of(pending(7, "new-1"), pending(7, "old"), pending(8, "new-2"));
        log.commit(batch);

        assertEquals(List.of(false, true, true, true), repository.lookUps, "optimistic first, then one at a time with the lookup");
        assertEquals(41, batch.get(1).result().toCompletableFuture().get().message().id());
        assertTrue(batch.get(1).result().toCompletableFuture().get().replay());
        assertFalse(batch.get(0).result().toCompletableFuture().get().replay());
        assertFalse(batch.get(2).result().toCompletableFuture().get().replay());
        assertEquals(3, repository.stored.size(), "the old one and the two new ones, each once");
        assertEquals(3, published.size());
    }

    @Test
    void aBatchWithAClientIdCommittedHereRecentlyIsLookedUpFirst() {
        log.commit(List.of(pending(7, "a"), pending(8, "b")));
        log.commit(List.of(pending(7, "a"), pending(9, "c")));

        assertEquals(List.of(false, true), repository.lookUps, "no failed batch for a retry this instance saw");
        assertEquals(3, repository.stored.size());
    }

    @Test
    void aSingleMessageIsAlwaysLookedUp() {
        log.commit(List.of(pending(7, "a")));
        assertEquals(List.of(true), repository.lookUps);
    }

    private static MessageLog.Pending pending(long sender, String clientId) {
        return new MessageLog.Pending(new NewMessage(1, sender, "hi", clientId), new CompletableFuture<>());
    }

    /** Stores in memory and enforces the (sender, client_id) unique key like the database. */
    private static final class UniqueKeyRepository implements MessageRepository {
        final Map<String, Message> stored = new HashMap<>();
        final List<Boolean> lookUps = new ArrayList<>();
        long nextId = 100;

        @Override
        public List<Appended> append(List<NewMessage> batch, LocalDateTime now, boolean lookUpRetries) {
            lookUps.add(lookUpRetries);
            Map<String, Message> added = new HashMap<>();
            List<Appended> result = new ArrayList<>();
            for (NewMessage m : batch) {
                String key = m.senderId() + "/" + m.clientId();
                Message known = added.containsKey(key) ? added.get(key) : lookUpRetries ? stored.get(key) : null;
                if (known != null) {
                    result.add(new Appended(known, true));
                    continue;
                }
                if (stored.containsKey(key)) {
                    throw new IllegalStateException("unique key (sender_id, client_id) violated"); // rolls back
                }
                Message message = new Message(nextId++, m.conversationId(), m.senderId(), m.body(), m.clientId(), now);
                added.put(key, message);
                result.add(new Appended(message, false));
            }
            stored.putAll(added);
            return result;
        }

        @Override
        public List<Message> after(long conversationId, long after, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Message> before(long conversationId, long before, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Message> latest(long conversationId, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Message> byIds(List<Long> ids) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long lastCommittedId() {
            return nextId - 1;
        }

        @Override
        public List<Message> forUser(long userId, long after, long upTo, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Message> between(long conversationId, long after, long upTo, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Message> range(long after, long upTo, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Message> find(long messageId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean advanceRead(long conversationId, long userId, long messageId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void refreshLastMessage(long conversationId) {
            throw new UnsupportedOperationException();
        }
    }

    private record Recorder(List<MessageCommitted> events) implements Event<MessageCommitted> {
        @Override
        public void fire(MessageCommitted event) {
            events.add(event);
        }

        @Override
        public <U extends MessageCommitted> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends MessageCommitted> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<MessageCommitted> select(Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends MessageCommitted> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends MessageCommitted> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
