package io.inbox.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MessageSequencerTest {
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(1);
    private static final long GIVE_UP = TimeUnit.SECONDS.toNanos(30);

    private final List<Long> delivered = new ArrayList<>();
    private final MessageSequencer sequencer = new MessageSequencer(100, TIMEOUT, GIVE_UP, 5, m -> delivered.add(m.messageId()));

    private static MessageSequencer.Routed message(long id) {
        return new MessageSequencer.Routed(id, 7, List.of(1L, 2L), "{\"message_id\":" + id + "}");
    }

    @Test
    void messagesInOrderGoStraightThrough() {
        sequencer.offer(message(101), 0);
        sequencer.offer(message(102), 0);
        assertEquals(List.of(101L, 102L), delivered);
        assertEquals(102, sequencer.deliveredUpTo());
    }

    @Test
    void aMessageAheadOfItsPredecessorWaitsForIt() {
        sequencer.offer(message(102), 0);
        sequencer.offer(message(103), 0);
        assertEquals(List.of(), delivered);
        assertEquals(100, sequencer.deliveredUpTo(), "sync must not read past what was delivered");
        sequencer.offer(message(101), 0);
        assertEquals(List.of(101L, 102L, 103L), delivered);
    }

    @Test
    void duplicatesAndMessagesFromBeforeTheStartAreIgnored() {
        sequencer.offer(message(99), 0);
        sequencer.offer(message(101), 0);
        sequencer.offer(message(101), 0);
        assertEquals(List.of(101L), delivered);
    }

    @Test
    void aGapIsRepairedOnlyAfterTheTimeoutAndInOrder() {
        sequencer.offer(message(103), 0);
        assertNull(sequencer.check(103, 0), "the first check only notes the gap");
        assertNull(sequencer.check(103, TIMEOUT / 2), "within the timeout the predecessor may still come");
        MessageSequencer.Gap gap = sequencer.check(103, TIMEOUT + 1);
        assertNotNull(gap);
        assertEquals(100, gap.after());
        assertEquals(102, gap.upTo(), "only up to the first held message");
        sequencer.repaired(gap, List.of(message(101), message(102)), TIMEOUT + 2);
        assertEquals(List.of(101L, 102L, 103L), delivered);
        assertEquals(0, sequencer.held());
    }

    @Test
    void aDeletedMessageInTheGapIsSkipped() {
        sequencer.offer(message(103), 0);
        sequencer.check(103, 0);
        MessageSequencer.Gap gap = sequencer.check(103, TIMEOUT + 1);
        sequencer.repaired(gap, List.of(message(101)), TIMEOUT + 2); // 102 was deleted meanwhile: not in the database read
        assertEquals(List.of(101L, 103L), delivered);
    }

    @Test
    void aMissingTailIsFoundFromTheCommittedId() {
        sequencer.offer(message(101), 0);
        assertNull(sequencer.check(104, 0));
        MessageSequencer.Gap gap = sequencer.check(104, TIMEOUT + 1);
        assertNotNull(gap, "an instance died after committing 102..104 and before publishing them");
        assertEquals(101, gap.after());
        assertEquals(104, gap.upTo());
    }

    @Test
    void aStreamThatKeepsMovingIsNeverTakenForAGap() {
        long now = 0;
        for (long id = 101; id < 200; id++) {
            sequencer.offer(message(id + 1), now); // always one ahead, its predecessor a moment later
            assertNull(sequencer.check(id + 1, now));
            sequencer.offer(message(id), now);
            now += TIMEOUT / 3;
        }
        assertEquals(200, sequencer.deliveredUpTo());
    }

    @Test
    void tooManyHeldMessagesStartTheRepairAtOnce() {
        for (long id = 102; id <= 106; id++) {
            sequencer.offer(message(id), 0);
        }
        sequencer.check(106, 0);
        assertNotNull(sequencer.check(106, 1), "5 held messages is the limit in this test");
    }

    @Test
    void lateCopiesOfRepairedMessagesAreNotDeliveredAgain() {
        sequencer.offer(message(102), 0);
        sequencer.check(102, 0);
        MessageSequencer.Gap gap = sequencer.check(102, TIMEOUT + 1);
        sequencer.repaired(gap, List.of(message(101)), TIMEOUT + 2);
        sequencer.offer(message(101), TIMEOUT + 3); // the grid's copy, late
        assertEquals(List.of(101L, 102L), delivered);
    }

    @Test
    void anUnrepairableGapIsSkippedOnlyAfterTheGiveUpTime() {
        sequencer.offer(message(102), 0);
        sequencer.check(102, 0);
        MessageSequencer.Gap gap = sequencer.check(102, TIMEOUT + 1);
        assertFalse(sequencer.giveUp(gap, TIMEOUT + 2), "the database may come back");
        assertEquals(List.of(), delivered);
        assertTrue(sequencer.giveUp(gap, GIVE_UP + 1), "then the clients are told to sync");
        assertEquals(List.of(102L), delivered);
        assertEquals(102, sequencer.deliveredUpTo());
    }
}
