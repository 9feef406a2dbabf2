package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.Await;
import io.inbox.testing.Ids;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code sync}: replay after a cursor, exact under concurrency (every message once, in order). */
class SyncIT extends ServerIT {
    private static final String INBOX = "/ws/inbox/";

    private static String text(long conversationId, String message) {
        return "{\"type\":\"TEXT\",\"conversation_id\":" + conversationId + ",\"message\":\"" + message + "\"}";
    }

    private long post(long conversation, long sender, String message) {
        return api.post("/api/conversations/" + conversation + "/messages/", TestTokens.valid(sender),
                "{\"message\":\"" + message + "\"}").json().getJsonNumber("message_id").longValueExact();
    }

    @Test
    void replaysEveryMessageOfTheUsersConversationsAboveTheCursorInOrderThenSyncComplete() {
        long alice = Ids.user();
        long bob = Ids.user();
        long carol = Ids.user();
        long withBob = api.createConversation(bob, alice);
        long withCarol = api.createConversation(carol, alice);
        long notMine = api.createConversation(bob, carol);
        long cursor = post(withBob, bob, "seen before");
        List<Long> missed = new ArrayList<>();
        missed.add(post(withBob, bob, "missed 1"));
        post(notMine, bob, "not for alice");
        missed.add(post(withCarol, carol, "missed 2"));
        missed.add(post(withBob, alice, "missed 3 (my own, from another device)"));

        try (WsClient a = WsClient.open(base, INBOX, TestTokens.valid(alice))) {
            a.send("{\"type\":\"sync\",\"last_message_id\":" + cursor + "}");
            List<Long> replayed = new ArrayList<>();
            JsonObject frame;
            while (!"sync_complete".equals((frame = a.next()).getString("type"))) {
                assertEquals("TEXT", frame.getString("type"), frame.toString());
                replayed.add(frame.getJsonNumber("message_id").longValueExact());
            }
            assertEquals(missed, replayed);
            assertEquals(missed.get(2), frame.getJsonNumber("last_message_id").longValueExact());
            a.expectSilence(300);
        }
    }

    @Test
    void syncFromTheLatestIdAnswersSyncCompleteAlone() {
        long alice = Ids.user();
        long conversation = api.createConversation(alice, Ids.user());
        long last = post(conversation, alice, "only");
        try (WsClient a = WsClient.open(base, INBOX, TestTokens.valid(alice))) {
            a.send("{\"type\":\"sync\",\"last_message_id\":" + last + "}");
            JsonObject complete = a.next();
            assertEquals("sync_complete", complete.getString("type"));
            assertEquals(last, complete.getJsonNumber("last_message_id").longValueExact());
        }
    }

    @Test
    void chatEndpointReplaysOnlyItsConversation() {
        long alice = Ids.user();
        long bob = Ids.user();
        long first = api.createConversation(bob, alice);
        long second = api.createConversation(bob, alice);
        long one = post(first, bob, "one");
        post(second, bob, "elsewhere");
        long three = post(first, bob, "three");
        try (WsClient legacy = WsClient.open(base, "/ws/chat/" + first + "/", TestTokens.valid(alice))) {
            legacy.send("{\"type\":\"sync\",\"last_message_id\":0}");
            assertEquals(one, legacy.next().getJsonNumber("message_id").longValueExact());
            assertEquals(three, legacy.next().getJsonNumber("message_id").longValueExact());
            assertEquals("sync_complete", legacy.next().getString("type"));
        }
    }

    @Test
    void malformedSyncFramesGet4400() {
        try (WsClient a = WsClient.open(base, INBOX, TestTokens.valid(Ids.user()))) {
            for (String frame : new String[] {"{\"type\":\"sync\"}", "{\"type\":\"sync\",\"last_message_id\":-1}",
                    "{\"type\":\"sync\",\"last_message_id\":\"5\"}"}) {
                a.send(frame);
                assertEquals(4400, a.next().getInt("code"), frame);
            }
        }
    }

    /**
     * Four senders write into a shared conversation (and their own) while the receiver connects midway and
     * syncs from 0: it ends up with every message of its conversations exactly once.
     */
    @Test
    void syncWhileManySendersWriteDeliversEveryMessageExactlyOnce() throws Exception {
        long receiver = Ids.user();
        List<Long> senders = List.of(Ids.user(), Ids.user(), Ids.user(), Ids.user());
        long shared = api.createConversation(senders.get(0), senders.get(1), senders.get(2), senders.get(3), receiver);
        long other = api.createConversation(senders.get(0), senders.get(1)); // never the receiver's
        int perSender = 150;
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        List<Future<?>> writers = new ArrayList<>();
        for (long sender : senders) {
            writers.add(pool.submit(() -> {
                try (WsClient s = WsClient.open(base, INBOX, TestTokens.valid(sender))) {
                    for (int i = 0; i < perSender; i++) {
                        s.send(text(i % 5 == 0 && sender != senders.get(2) && sender != senders.get(3) ? other : shared,
                                sender + "-" + i));
                        if (i % 25 == 0) {
                            Thread.sleep(20); // paces the senders, so that the receiver connects while they write
                        }
                    }
                    for (int i = 0; i < perSender; i++) {
                        // every own echo: all of this sender's messages are committed
                        s.next(f -> "TEXT".equals(f.getString("type")) && f.getJsonNumber("sender_id").longValueExact() == sender);
                    }
                }
                return null;
            }));
        }
        // some messages are committed before the receiver connects, most after
        Await.until("the first messages in history", Duration.ofSeconds(30),
                () -> !api.allMessages(shared, TestTokens.valid(receiver)).isEmpty());
        List<Long> received = new ArrayList<>();
        try (WsClient r = WsClient.open(base, INBOX, TestTokens.valid(receiver))) {
            r.send("{\"type\":\"sync\",\"last_message_id\":0}");
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            Set<Long> expected = new HashSet<>();
            api.allMessages(shared, TestTokens.valid(receiver))
                    .forEach(m -> expected.add(m.getJsonNumber("message_id").longValueExact()));
            assertTrue(expected.size() > 400, "most of the 600 messages went to the shared conversation: " + expected.size());
            boolean complete = false;
            Set<Long> distinct = new HashSet<>();
            while (!distinct.containsAll(expected) || !complete) {
                JsonObject frame = r.next();
                if ("sync_complete".equals(frame.getString("type"))) {
                    complete = true;
                } else {
                    assertEquals("TEXT", frame.getString("type"), frame.toString());
                    long id = frame.getJsonNumber("message_id").longValueExact();
                    received.add(id);
                    distinct.add(id);
                }
            }
            r.expectSilence(500);
            List<Long> twice = received.stream().filter(id -> received.indexOf(id) != received.lastIndexOf(id)).distinct().toList();
            assertEquals(List.of(), twice, "no message twice");
            assertEquals(received.size(), new HashSet<>(received).size(), "no message twice");
            assertEquals(expected, new HashSet<>(received), "every message of the shared conversation");
        } finally {
            pool.shutdownNow();
        }
    }
}
