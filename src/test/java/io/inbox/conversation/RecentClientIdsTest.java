package io.inbox.conversation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecentClientIdsTest {
    private static NewMessage from(long sender, String clientId) {
        return new NewMessage(1, sender, "hi", clientId);
    }

    @Test
    void remembersPairsPerSenderAndForgetsTheOldestPastCapacity() {
        RecentClientIds recent = new RecentClientIds(2);
        recent.add(from(1, "a"));
        recent.add(from(2, "a"));
        assertTrue(recent.contains(from(1, "a")));
        assertFalse(recent.contains(from(3, "a")), "the pair, not the client id alone");

        recent.add(from(1, "b"));
        assertFalse(recent.contains(from(1, "a")), "oldest forgotten");
        assertTrue(recent.contains(from(2, "a")));
        assertTrue(recent.contains(from(1, "b")));
    }

    @Test
    void messagesWithoutClientIdAreNeverRetries() {
        RecentClientIds recent = new RecentClientIds(10);
        recent.add(from(1, null));
        assertFalse(recent.contains(from(1, null)));
    }
}
