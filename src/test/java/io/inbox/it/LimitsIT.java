package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.Ids;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default limits (PROTOCOL section 6): connections per user, frame rate, frame size, message length. */
class LimitsIT extends ServerIT {
    private static final String INBOX = "/ws/inbox/";

    @Test
    void theSixthConnectionOfAUserIsClosedWith4429() {
        long alice = Ids.user();
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                open.add(WsClient.open(base, INBOX, TestTokens.valid(alice)));
            }
            try (WsClient sixth = WsClient.connect(base, INBOX, TestTokens.valid(alice))) {
                WsClient.Closed closed = sixth.awaitClose();
                assertEquals(4429, closed.code());
            }
            try (WsClient bob = WsClient.open(base, INBOX, TestTokens.valid(Ids.user()))) {
                assertTrue(bob.isOpen(), "the limit is per user: others still connect");
            }
            open.remove(0).close();
            WsClient replacement = null;
            for (int attempt = 0; attempt < 20 && replacement == null; attempt++) {
                WsClient candidate = WsClient.connect(base, INBOX, TestTokens.valid(alice));
                JsonObject first = candidate.next(f -> true);
                if ("connection_established".equals(first.getString("type", ""))) {
                    replacement = candidate;
                } else {
                    candidate.close();
                }
            }
            assertTrue(replacement != null, "a slot frees up when a connection closes");
            open.add(replacement);
        } finally {
            open.forEach(WsClient::close);
        }
    }

    @Test
    void framesBeyondTheBurstGetError4429AndNothingIsStored() throws Exception {
        long alice = Ids.user();
        long bob = Ids.user();
        long conversation = api.createConversation(alice, bob);
        try (WsClient a = WsClient.open(base, INBOX, TestTokens.valid(alice))) {
            int sent = 260;
            for (int i = 0; i < sent; i++) {
                a.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"m\",\"client_id\":\"r-" + i + "\"}");
            }
            int stored = 0;
            List<String> limited = new ArrayList<>();
            for (int i = 0; i < sent; i++) {
                JsonObject frame = a.next();
                if ("error".equals(frame.getString("type"))) {
                    assertEquals(4429, frame.getInt("code"));
                    limited.add(frame.getString("client_id"));
                } else {
                    stored++;
                }
            }
            assertTrue(stored >= 200 && stored < sent, "the burst of 200 passes, then the rate: " + stored);
            assertEquals(sent - stored, limited.size());
            int inHistory = api.allMessages(conversation, TestTokens.valid(bob)).size();
            assertEquals(stored, inHistory, "only the accepted frames were stored");
            Thread.sleep(1100); // the bucket refills at 50 frames a second
            a.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"again\",\"client_id\":\""
                    + limited.get(0) + "\"}");
            assertEquals("again", a.next("TEXT").getString("message"), "a rate-limited client_id can be retried");
        }
    }

    @Test
    void aFrameLargerThan64KiBClosesTheConnectionWith1009() {
        long alice = Ids.user();
        try (WsClient a = WsClient.open(base, INBOX, TestTokens.valid(alice))) {
            a.send("{\"type\":\"ping\",\"padding\":\"" + "x".repeat(70 * 1024) + "\"}");
            assertEquals(1009, a.awaitClose().code());
        }
        try (WsClient b = WsClient.open(base, INBOX, TestTokens.valid(alice))) {
            b.send("{\"type\":\"ping\",\"padding\":\"" + "x".repeat(60 * 1024) + "\"}");
            assertEquals("pong", b.next().getString("type"), "just under the limit is fine");
        }
    }

    @Test
    void aMessageOf4001CharactersIs4400AndOf4000EmojiIsAccepted() {
        long alice = Ids.user();
        long conversation = api.createConversation(alice, Ids.user());
        try (WsClient a = WsClient.open(base, INBOX, TestTokens.valid(alice))) {
            a.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"" + "x".repeat(4001) + "\"}");
            assertEquals(4400, a.next().getInt("code"));
            String emoji = "\uD83D\uDE00".repeat(4000);
            a.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"" + emoji + "\"}");
            assertEquals(emoji, a.next().getString("message"), "4,000 characters, 8,000 UTF-16 units");
        }
    }
}
