package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.Await;
import io.inbox.testing.Ids;
import io.inbox.testing.RawWsClient;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import jakarta.json.JsonObject;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
            // the bucket refills at 50 frames a second: the retry is refused with 4429 until it has a token again
            String retry = "{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"again\",\"client_id\":\""
                    + limited.get(0) + "\"}";
            JsonObject accepted = Await.value("the retry accepted once the bucket refills", Duration.ofSeconds(10), () -> {
                JsonObject reply = a.send(retry).next();
                if ("error".equals(reply.getString("type"))) {
                    assertEquals(4429, reply.getInt("code"), reply.toString());
                    assertEquals(limited.get(0), reply.getString("client_id"));
                }
                return reply;
            }, reply -> "TEXT".equals(reply.getString("type")));
            assertEquals("again", accepted.getString("message"), "a rate-limited client_id can be retried");
            assertEquals(limited.get(0), accepted.getString("client_id"));
            assertEquals(stored + 1, api.allMessages(conversation, TestTokens.valid(bob)).size(), "the retry stored once");
        }
    }

    /**
     * What browsers send: one unfragmented frame. (The JDK client of {@link WsClient} cuts a text into frames of
     * 16 KiB, {@code jdk.httpclient.websocket.intermediateBufferSize}, so it cannot send one.) Tyrus buffers such
     * a frame whole before any size check of its own; the frame size guard refuses it at its header.
     */
    @Test
    void anUnfragmentedFrameLargerThan64KiBClosesTheConnectionWith1009() {
        long alice = Ids.user();
        for (int size : new int[] {70 * 1024, 1024 * 1024, 16 * 1024 * 1024}) {
            try (RawWsClient a = raw(alice)) {
                try {
                    a.sendText(ping(size));
                } catch (UncheckedIOException e) {
                    // the server may close before the whole frame is written: that is the point
                }
                assertEquals(1009, a.awaitClose(Duration.ofSeconds(10)).code(), size + " bytes");
            }
        }
        try (RawWsClient b = raw(alice)) {
            b.sendText(ping(60 * 1024));
            assertEquals("pong", nextSkippingPresence(b), "just under the limit is fine");
        }
    }

    @Test
    void aFragmentedMessageLargerThan64KiBClosesTheConnectionWith1009() {
        long alice = Ids.user();
        try (RawWsClient a = raw(alice)) {
            byte[] message = ping(80 * 1024).getBytes(StandardCharsets.UTF_8);
            int half = message.length / 2;
            a.sendFrame(RawWsClient.OP_TEXT, false, Arrays.copyOfRange(message, 0, half));
            try {
                a.sendFrame(RawWsClient.OP_CONTINUATION, true, Arrays.copyOfRange(message, half, message.length));
            } catch (UncheckedIOException e) {
                // closed before the second fragment was read
            }
            assertEquals(1009, a.awaitClose(Duration.ofSeconds(10)).code());
        }
        try (WsClient b = WsClient.open(base, INBOX, TestTokens.valid(alice))) {
            b.send(ping(70 * 1024)); // the JDK client sends 16 KiB fragments
            assertEquals(1009, b.awaitClose().code());
        }
        try (RawWsClient c = raw(alice)) {
            byte[] message = ping(60 * 1024).getBytes(StandardCharsets.UTF_8);
            int half = message.length / 2;
            c.sendFrame(RawWsClient.OP_TEXT, false, Arrays.copyOfRange(message, 0, half));
            c.sendFrame(RawWsClient.OP_CONTINUATION, true, Arrays.copyOfRange(message, half, message.length));
            assertEquals("pong", nextSkippingPresence(c), "just under the limit is fine");
        }
    }

    @Test
    void theLegacyEndpointClosesBothKindsOfOversizedMessageWith1009() {
        long alice = Ids.user();
        long conversation = api.createConversation(alice, Ids.user());
        String chat = "/ws/chat/" + conversation + "/";
        try (RawWsClient a = raw(alice, chat)) {
            try {
                a.sendText(ping(70 * 1024));
            } catch (UncheckedIOException e) {
                // the server may close before the whole frame is written
            }
            assertEquals(1009, a.awaitClose(Duration.ofSeconds(10)).code(), "one unfragmented frame");
        }
        try (WsClient b = WsClient.open(base, chat, TestTokens.valid(alice))) {
            b.send(ping(70 * 1024)); // the JDK client sends 16 KiB fragments
            assertEquals(1009, b.awaitClose().code(), "a fragmented message");
        }
        try (RawWsClient c = raw(alice, chat)) {
            c.sendText(ping(60 * 1024));
            assertEquals("pong", nextSkippingPresence(c), "just under the limit is fine");
        }
    }

    /** A ping frame of exactly {@code bytes} bytes. */
    private static String ping(int bytes) {
        String head = "{\"type\":\"ping\",\"padding\":\"";
        return head + "x".repeat(bytes - head.length() - 2) + "\"}";
    }

    /** The type of the next text frame that is not presence_list. */
    private static String nextSkippingPresence(RawWsClient client) {
        while (true) {
            String type = client.nextText(Duration.ofSeconds(5)).getString("type");
            if (!"presence_list".equals(type)) {
                return type;
            }
        }
    }

    /** A raw connection of the user, past its connection_established. */
    private RawWsClient raw(long user) {
        return raw(user, INBOX);
    }

    /** A raw connection of the user to this endpoint, past its connection_established. */
    private RawWsClient raw(long user, String endpoint) {
        RawWsClient client = RawWsClient.connect(base, endpoint + "?token=" + TestTokens.valid(user), Map.of());
        assertEquals("connection_established", client.nextText(Duration.ofSeconds(5)).getString("type"));
        return client;
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
