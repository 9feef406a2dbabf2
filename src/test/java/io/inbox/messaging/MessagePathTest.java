package io.inbox.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.connection.ConnectionSettings;
import io.inbox.protocol.CloseCode;
import io.inbox.testing.InProcessInbox;
import io.inbox.testing.InProcessInbox.Client;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole message path, frame in to frames out, in one JVM with no server ({@link InProcessInbox}): what a
 * client sends through the dispatcher, what every connection then receives, and the error frames.
 */
class MessagePathTest {
    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final long CAROL = 3;

    private InProcessInbox inbox = new InProcessInbox();

    @AfterEach
    void stop() {
        inbox.close();
    }

    private static String text(long conversation, String message, String clientId) {
        return "{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"" + message + "\""
                + (clientId == null ? "" : ",\"client_id\":\"" + clientId + "\"") + "}";
    }

    @Test
    void aMessageReachesEveryConnectionOfEveryParticipantTheSendersOwnIncludedAndNoOneElse() {
        long conversation = inbox.conversation(ALICE, BOB);
        Client aliceTab1 = inbox.connect(ALICE);
        Client aliceTab2 = inbox.connect(ALICE);
        Client bob = inbox.connect(BOB);
        Client carol = inbox.connect(CAROL);

        aliceTab1.send(text(conversation, "hello", "c-1"));

        for (Client client : List.of(aliceTab1, aliceTab2, bob)) {
            JsonObject message = client.received.next("TEXT");
            assertEquals("hello", message.getString("message"));
            assertEquals(ALICE, message.getJsonNumber("sender_id").longValue());
            assertEquals("User 1", message.getString("sender_name"));
            assertEquals(conversation, message.getJsonNumber("conversation_id").longValue());
            assertEquals("c-1", message.getString("client_id"));
        }
        carol.received.next("connection_established");
        carol.received.next("presence_list");
        carol.received.expectSilence(200);
    }

    @Test
    void aRetryWithTheSameClientIdIsStoredOnceAndEchoedToTheSenderOnly() {
        long conversation = inbox.conversation(ALICE, BOB);
        Client alice = inbox.connect(ALICE);
        Client bob = inbox.connect(BOB);

        alice.send(text(conversation, "once", "retry-me"));
        long id = alice.received.next("TEXT").getJsonNumber("message_id").longValue();
        assertEquals(id, bob.received.next("TEXT").getJsonNumber("message_id").longValue());

        alice.send(text(conversation, "once", "retry-me"));
        assertEquals(id, alice.received.next("TEXT").getJsonNumber("message_id").longValue(), "the stored message again");
        bob.received.expectSilence(200);
        assertEquals(1, inbox.messageStore.range(0, Long.MAX_VALUE, 10).size());
    }

    @Test
    void typingGoesToTheOtherParticipantsOnly() {
        long conversation = inbox.conversation(ALICE, BOB);
        Client alice = inbox.connect(ALICE);
        Client bob = inbox.connect(BOB);
        alice.received.next("presence_list");

        alice.send("{\"type\":\"typing\",\"conversation_id\":" + conversation + ",\"is_typing\":true}");

        JsonObject typing = bob.received.next("typing");
        assertEquals(ALICE, typing.getJsonNumber("user_id").longValue());
        assertTrue(typing.getBoolean("is_typing"));
        alice.received.expectNo("typing", 200);
    }

    @Test
    void aReadReceiptReachesEveryParticipant() {
        long conversation = inbox.conversation(ALICE, BOB);
        Client alice = inbox.connect(ALICE);
        Client bob = inbox.connect(BOB);
        alice.send(text(conversation, "read me", null));
        long id = bob.received.next("TEXT").getJsonNumber("message_id").longValue();

        bob.send("{\"type\":\"read\",\"conversation_id\":" + conversation + ",\"message_id\":" + id + "}");

        for (Client client : List.of(alice, bob)) {
            JsonObject read = client.received.next("read");
            assertEquals(BOB, read.getJsonNumber("user_id").longValue());
            assertEquals(id, read.getJsonNumber("message_id").longValue());
        }
    }

    @Test
    void theAuthorEditsAndDeletesAndEveryParticipantHearsOfIt() {
        long conversation = inbox.conversation(ALICE, BOB);
        Client alice = inbox.connect(ALICE);
        Client bob = inbox.connect(BOB);
        alice.send(text(conversation, "typo", null));
        long id = bob.received.next("TEXT").getJsonNumber("message_id").longValue();

        alice.send("{\"type\":\"edit\",\"message_id\":" + id + ",\"message\":\"fixed\"}");
        assertEquals("fixed", bob.received.next("message_updated").getString("message"));
        assertEquals("fixed", alice.received.next("message_updated").getString("message"));

        alice.send("{\"type\":\"delete\",\"message_id\":" + id + "}");
        assertEquals(id, bob.received.next("message_deleted").getJsonNumber("message_id").longValue());
        assertEquals(id, alice.received.next("message_deleted").getJsonNumber("message_id").longValue());
    }

    @Test
    void editingSomeoneElsesMessageIs4403AndAnUnknownOneIs4404() {
        long conversation = inbox.conversation(ALICE, BOB);
        Client alice = inbox.connect(ALICE);
        Client bob = inbox.connect(BOB);
        alice.send(text(conversation, "mine", null));
        long id = bob.received.next("TEXT").getJsonNumber("message_id").longValue();

        bob.send("{\"type\":\"edit\",\"message_id\":" + id + ",\"message\":\"yours now\"}");
        JsonObject notTheAuthor = bob.received.next("error");
        assertEquals(4403, notTheAuthor.getInt("code"));
        assertEquals(conversation, notTheAuthor.getJsonNumber("conversation_id").longValue());

        bob.send("{\"type\":\"delete\",\"message_id\":999999}");
        assertEquals(4404, bob.received.next("error").getInt("code"));
        alice.received.expectNo("error", 200);
    }

    @Test
    void syncReplaysWhatWasMissedOnceEachThenSyncComplete() {
        long conversation = inbox.conversation(ALICE, BOB);
        Client alice = inbox.connect(ALICE);
        for (int i = 0; i < 5; i++) {
            alice.send(text(conversation, "m" + i, "s-" + i));
            alice.received.next("TEXT");
        }
        Client bob = inbox.connect(BOB); // may still get the last message live: the replay then leaves it out

        bob.send("{\"type\":\"sync\",\"last_message_id\":1}");

        java.util.Set<String> replayed = new java.util.TreeSet<>();
        JsonObject frame;
        while (!"sync_complete".equals((frame = bob.received.next(
                f -> List.of("TEXT", "sync_complete").contains(f.getString("type")))).getString("type"))) {
            assertTrue(replayed.add(frame.getString("message")), "none twice: " + frame);
        }
        assertEquals(java.util.Set.of("m1", "m2", "m3", "m4"), replayed);
        assertEquals(5, frame.getJsonNumber("last_message_id").longValue());
    }

    @Test
    void aSyncWhileMessagesArriveLiveDeliversEachMessageOnceInOrder() {
        long conversation = inbox.conversation(ALICE, BOB);
        Client alice = inbox.connect(ALICE);
        Client bob = inbox.connect(BOB);
        int total = 600;
        Thread sender = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                inbox.conversations.post(ALICE, conversation, "n" + i, "n-" + i).toCompletableFuture().join();
            }
        });
        sender.start();
        bob.send("{\"type\":\"sync\",\"last_message_id\":0}");

        long last = 0;
        int seen = 0;
        boolean complete = false;
        while (seen < total || !complete) {
            JsonObject frame = bob.received.next(f -> List.of("TEXT", "sync_complete").contains(f.getString("type")));
            if ("sync_complete".equals(frame.getString("type"))) {
                complete = true;
                continue;
            }
            long id = frame.getJsonNumber("message_id").longValue();
            assertTrue(id > last, "in id order, none twice: " + id + " after " + last);
            last = id;
            seen++;
        }
        assertEquals(total, seen);
        alice.received.next("TEXT");
    }

    @Test
    void aMessageCommittedBetweenTheHandshakeAndTheOpenIsDeliveredAfterConnectionEstablished() {
        long conversation = inbox.conversation(ALICE, BOB);
        Client alice = inbox.connect(ALICE);
        InProcessInbox.Handshake bobsHandshake = inbox.handshake(BOB); // the 101 is on its way to Bob

        alice.send(text(conversation, "right after your 101", "gap-1"));
        alice.received.next("TEXT"); // committed and delivered before Bob's socket opened
        alice.send("{\"type\":\"typing\",\"conversation_id\":" + conversation + ",\"is_typing\":true}");
        Client bob = bobsHandshake.open();

        assertEquals("connection_established", bob.received.next().getString("type"), "always the first frame");
        List<JsonObject> frames = List.of(bob.received.next(), bob.received.next(), bob.received.next());
        assertTrue(frames.stream().anyMatch(f -> "right after your 101".equals(f.getString("message", null))), frames.toString());
        assertTrue(frames.stream().anyMatch(f -> "typing".equals(f.getString("type")) && f.getBoolean("is_typing")),
                frames.toString());
        assertTrue(frames.stream().anyMatch(f -> "presence_list".equals(f.getString("type"))), frames.toString());
    }

    @Test
    void aPresenceChangeRaisedBeforeTheSnapshotFollowsIt() {
        inbox.conversation(ALICE, BOB);
        InProcessInbox.Handshake bobsHandshake = inbox.handshake(BOB);
        Client alice = inbox.connect(ALICE); // Alice comes online while Bob's socket is opening
        Client bob = bobsHandshake.open();

        assertEquals("connection_established", bob.received.next().getString("type"));
        JsonObject snapshot = bob.received.next();
        assertEquals("presence_list", snapshot.getString("type"));
        JsonObject change = bob.received.next();
        assertEquals("presence", change.getString("type"), "the change comes after the snapshot, never before it");
        assertEquals("online", change.getString("status"));
        alice.close();
    }

    @Test
    void theChatEndpointCarriesItsConversationOnlyAndTakesItFromThePath() {
        long ours = inbox.conversation(ALICE, BOB);
        long other = inbox.conversation(ALICE, BOB);
        Client bob = inbox.connectChat(BOB, ours);
        Client alice = inbox.connect(ALICE);

        alice.send(text(other, "elsewhere", null));
        alice.send(text(ours, "here", null));
        assertEquals("here", bob.received.next("TEXT").getString("message"), "the other conversation's message skipped");

        bob.send("{\"type\":\"TEXT\",\"message\":\"no conversation_id\"}");
        assertEquals(ours, alice.received.next(f -> "no conversation_id".equals(f.getString("message", "")))
                .getJsonNumber("conversation_id").longValue());

        bob.send(text(other, "wrong one", "w-1"));
        JsonObject error = bob.received.next("error");
        assertEquals(4400, error.getInt("code"));
        assertEquals(other, error.getJsonNumber("conversation_id").longValue());
        assertEquals("w-1", error.getString("client_id"));
    }

    @Test
    void aStrangerIsRefusedOnTheChatEndpointWith4403AndGetsNothing() {
        long conversation = inbox.conversation(ALICE, BOB);
        InProcessInbox.Handshake carols = inbox.handshake(CAROL, conversation);
        Client alice = inbox.connect(ALICE);
        alice.send(text(conversation, "private", null));
        alice.received.next("TEXT");

        Client carol = carols.open();

        assertNull(carol.connection());
        assertEquals(CloseCode.FORBIDDEN, carol.received.awaitClose());
        carol.received.expectSilence(100);
    }

    @Test
    void aRefusedTokenIsClosedWith4401AndTheSixthConnectionWith4429() {
        Client refused = inbox.refusedHandshake().open();
        assertEquals(CloseCode.UNAUTHORIZED, refused.received.awaitClose());
        refused.received.expectSilence(100);

        for (int i = 0; i < 5; i++) {
            assertFalse(inbox.connect(ALICE).received.isClosed());
        }
        Client sixth = inbox.connect(ALICE);
        assertEquals(CloseCode.TOO_MANY_CONNECTIONS, sixth.received.awaitClose());
        sixth.received.expectSilence(100);
    }

    @Test
    void malformedFramesAreAnsweredWith4400AndTheConnectionStaysOpen() {
        long conversation = inbox.conversation(ALICE, BOB);
        Client alice = inbox.connect(ALICE);
        alice.received.next("presence_list");

        alice.send("not json");
        assertEquals(4400, alice.received.next().getInt("code"));
        alice.send("{\"type\":\"TEXT\",\"message\":\"where to?\",\"client_id\":\"m-1\"}");
        JsonObject missing = alice.received.next();
        assertEquals(4400, missing.getInt("code"));
        assertEquals("m-1", missing.getString("client_id"));
        alice.sendBinary();
        assertEquals(4400, alice.received.next().getInt("code"));
        alice.send(text(conversation, "x".repeat(4001), "long"));
        assertEquals(4400, alice.received.next().getInt("code"));
        alice.send("{\"type\":\"ping\"}");
        assertEquals("pong", alice.received.next().getString("type"));
        assertFalse(alice.received.isClosed());
    }

    @Test
    void aStrangersFramesAreAnsweredWith4403() {
        long conversation = inbox.conversation(ALICE, BOB);
        Client carol = inbox.connect(CAROL);

        carol.send(text(conversation, "let me in", "c-9"));
        JsonObject refused = carol.received.next("error");
        assertEquals(4403, refused.getInt("code"));
        assertEquals(conversation, refused.getJsonNumber("conversation_id").longValue());
        assertEquals("c-9", refused.getString("client_id"));
        carol.send("{\"type\":\"typing\",\"conversation_id\":" + conversation + ",\"is_typing\":true}");
        assertEquals(4403, carol.received.next("error").getInt("code"));
    }

    @Test
    void aStorageOutageIsAnsweredWith4503AndTheRetrySucceeds() {
        long conversation = inbox.conversation(ALICE, BOB);
        Client alice = inbox.connect(ALICE);
        inbox.messageStore.down(true);

        alice.send(text(conversation, "during the outage", "o-1"));
        JsonObject error = alice.received.next("error");
        assertEquals(4503, error.getInt("code"));
        assertEquals("o-1", error.getString("client_id"));

        inbox.messageStore.down(false);
        alice.send(text(conversation, "during the outage", "o-1"));
        assertEquals("o-1", alice.received.next("TEXT").getString("client_id"));
    }

    @Test
    void framesBeyondTheBurstAreAnsweredWith4429() {
        inbox.close();
        inbox = new InProcessInbox(new ConnectionSettings(25, 1000, 1 << 20, 5, 0.001, 3), 200);
        Client alice = inbox.connect(ALICE);
        alice.received.next("presence_list");
        for (int i = 0; i < 4; i++) {
            alice.send("{\"type\":\"ping\",\"client_id\":\"p-" + i + "\"}");
        }
        for (int i = 0; i < 3; i++) {
            assertEquals("pong", alice.received.next().getString("type"));
        }
        JsonObject limited = alice.received.next();
        assertEquals(4429, limited.getInt("code"));
        assertEquals("p-3", limited.getString("client_id"));
    }

    @Test
    void aClientThatStopsReadingIsClosedWith1013AndTheOthersStillReceive() {
        inbox.close();
        inbox = new InProcessInbox(new ConnectionSettings(25, 20, 1 << 20, 5, 1000, 1000), 200);
        long conversation = inbox.conversation(ALICE, BOB, CAROL);
        Client alice = inbox.connect(ALICE);
        Client bob = inbox.connect(BOB);
        Client carol = inbox.connect(CAROL);
        carol.received.stall();

        for (int i = 0; i < 40; i++) {
            alice.send(text(conversation, "m" + i, null));
        }
        assertEquals(CloseCode.TRY_AGAIN_LATER, carol.received.awaitClose());
        for (int i = 0; i < 40; i++) {
            assertEquals("m" + i, bob.received.next("TEXT").getString("message"));
        }
    }

    @Test
    void aKnownUserConnectingAgainCostsNoDatabaseWrite() {
        inbox.connect(ALICE).close();
        inbox.connect(ALICE).close();
        inbox.connect(ALICE);

        assertEquals(1, inbox.userStore.upserts.get(), "only the first login writes the profile");
    }
}
