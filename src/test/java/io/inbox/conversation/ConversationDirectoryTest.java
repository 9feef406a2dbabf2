package io.inbox.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.memory.InMemoryConversations;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConversationDirectoryTest {

    @Test
    void keepsNoMoreConversationsThanItsBound() {
        InMemoryConversations store = new InMemoryConversations();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(store.create(null, 1, Set.of(1L, 2L)).id());
        }
        ConversationDirectory directory = new ConversationDirectory(store, 10);
        ids.forEach(directory::participants);
        int readsBefore = store.participantReads.get();
        ids.forEach(directory::participants);
        assertTrue(store.participantReads.get() - readsBefore >= 990, "at most 10 of 1000 conversations still cached: "
                + (store.participantReads.get() - readsBefore) + " read again");
    }

    @Test
    void cachedParticipantsCostNoDatabaseRead() {
        InMemoryConversations store = new InMemoryConversations();
        long id = store.create(null, 1, Set.of(1L, 2L)).id();
        ConversationDirectory directory = new ConversationDirectory(store, 10);
        assertEquals(List.of(1L, 2L), directory.participants(id));
        int reads = store.participantReads.get();
        assertTrue(directory.isParticipant(id, 2));
        assertEquals(reads, store.participantReads.get());
    }

    @Test
    void aConversationNotFoundIsLookedUpAgain() {
        InMemoryConversations store = new InMemoryConversations();
        ConversationDirectory directory = new ConversationDirectory(store, 10);
        assertEquals(List.of(), directory.participants(1), "not committed yet (or on another instance, not yet)");
        store.create(null, 1, Set.of(1L, 3L));
        assertEquals(List.of(1L, 3L), directory.participants(1));
    }
}
