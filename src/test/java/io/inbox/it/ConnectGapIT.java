package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inbox.testing.ConnectGapProbe;
import io.inbox.testing.Ids;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * No gap at connect (PROTOCOL section 1), tried the way it failed: a client that sends and expects the instant
 * its 101 arrives, hundreds of times, on both endpoints ({@link ConnectGapProbe}). Zero misses.
 */
class ConnectGapIT extends ServerIT {
    /** Rounds per endpoint; {@code -Dinbox.it.connect-gap.rounds=20} for a quick look. */
    private static final int ROUNDS = Integer.getInteger("inbox.it.connect-gap.rounds", 200);

    /** Senders take turns too, so that no sender reaches the frame rate limit (50 a second). */
    private List<String> probe(boolean chat) {
        long[] senders = {Ids.user(), Ids.user(), Ids.user()};
        long[] receivers = {Ids.user(), Ids.user(), Ids.user(), Ids.user()};
        long conversation = api.createConversation(senders[0], LongStream.concat(LongStream.of(senders).skip(1),
                LongStream.of(receivers)).toArray());
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < senders.length; i++) {
            try (WsClient sender = WsClient.open(base, "/ws/inbox/", TestTokens.valid(senders[i]))) {
                misses.addAll(new ConnectGapProbe(sender, senders[i], base, conversation, receivers)
                        .run((chat ? "chat-" : "inbox-") + i, ROUNDS / senders.length + 1, chat));
            }
        }
        return misses;
    }

    @Test
    void everyFrameRaisedAfterThe101ReachesAnInboxSocketThatNeverWaits() {
        List<String> misses = probe(false);
        assertEquals(List.of(), misses, misses.size() + " of " + ROUNDS + " rounds missed frames");
    }

    @Test
    void everyFrameRaisedAfterThe101ReachesAChatSocketThatNeverWaits() {
        List<String> misses = probe(true);
        assertEquals(List.of(), misses, misses.size() + " of " + ROUNDS + " rounds missed frames");
    }
}
