package io.inbox.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay plan and the hold-back of live messages that make sync exact. */
class SyncWindowTest {
    private final SyncWindow window = new SyncWindow();

    private static long[][] ranges(SyncWindow.Plan plan) {
        return plan.ranges();
    }

    @Test
    void withoutLiveMessagesTheReplayCoversEverythingUpToTheCommittedMaximum() {
        assertArrayEquals(new long[][] {{100, 180}}, ranges(window.begin(100, 180)));
    }

    @Test
    void liveMessagesDeliveredBeforeTheSyncAreNotReplayedAgain() {
        assertTrue(window.live(150, "150"));
        assertTrue(window.live(160, "160"));
        SyncWindow.Plan plan = window.begin(100, 180);
        assertArrayEquals(new long[][] {{100, 149}, {160, 180}}, ranges(plan),
                "before the first live one, and after the last live one");
    }

    @Test
    void aCursorBeyondTheLiveMessagesNeedsOnlyTheTail() {
        window.live(150, "150");
        assertArrayEquals(new long[][] {{170, 180}}, ranges(window.begin(170, 180)));
    }

    @Test
    void nothingToReplayWhenEverythingCameLive() {
        window.live(101, "101");
        window.live(180, "180");
        assertEquals(0, ranges(window.begin(100, 180)).length);
    }

    @Test
    void liveMessagesDuringTheReplayAreHeldAndThoseItCoveredAreDropped() {
        window.begin(100, 180);
        assertFalse(window.live(175, "175"), "held: the replay reads up to 180 and covers it");
        assertFalse(window.live(181, "181"), "held: newer than the replay");
        assertFalse(window.live(190, "190"));
        assertEquals(3, window.heldFrames());
        List<SyncWindow.Held> released = window.end(180);
        assertEquals(List.of(181L, 190L), released.stream().map(SyncWindow.Held::messageId).toList());
        assertEquals(0, window.heldFrames());
        assertEquals(190, window.lastLiveId());
        assertTrue(window.live(191, "191"), "live again after the replay");
    }

    @Test
    void theFirstLiveMessageHeldDuringTheFirstSyncBoundsTheNextOne() {
        window.begin(0, 50);
        window.live(60, "60");
        window.end(50);
        assertArrayEquals(new long[][] {{0, 59}, {60, 70}}, ranges(window.begin(0, 70)));
    }

    @Test
    void onlyOneReplayAtATime() {
        window.begin(0, 10);
        assertNull(window.begin(0, 10));
        window.end(10);
        assertTrue(window.begin(10, 20) != null);
    }
}
