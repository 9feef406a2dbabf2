package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.Api;
import io.inbox.testing.PayaraProcess;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the server during a send stream: after a restart every message that was acknowledged
 * to its sender or received by anyone is in history, a receiver that syncs ends up gap-free, and the sender's
 * retries of unacknowledged messages are stored once.
 */
class CrashIT {
    private static final Logger LOG = Logger.getLogger(CrashIT.class.getName());

    @TempDir
    Path dataDir;

    @Test
    void nothingAcknowledgedIsLostAcrossKillMinus9() throws Exception {
        Path publicKey = Path.of("src/test/resources/keys/TEST-ONLY-it-public.pem").toAbsolutePath();
        Map<String, String> env = Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString(),
                "MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER,
                "INBOX_DATA_DIR", dataDir.toString());
        long conversation;
        Set<String> acknowledged = new HashSet<>();
        Set<Long> received = new HashSet<>();
        long lastReceived = 0;
        int sent = 0;
        try (PayaraProcess server = PayaraProcess.start("crash-before", env)) {
            conversation = new Api(server.base()).createConversation(1, 2);
            try (WsClient alice = WsClient.open(server.base(), "/ws/inbox/", TestTokens.valid(1));
                 WsClient bob = WsClient.open(server.base(), "/ws/inbox/", TestTokens.valid(2))) {
                java.util.concurrent.atomic.AtomicBoolean streaming = new java.util.concurrent.atomic.AtomicBoolean(true);
                java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
                Thread stream = new Thread(() -> {
                    try {
                        while (streaming.get()) {
                            int n = count.getAndIncrement();
                            alice.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"m" + n
                                    + "\",\"client_id\":\"k-" + n + "\"}");
                            if (n % 20 == 0) {
                                Thread.sleep(10); // paces the stream: the point is a sender mid-stream, not a flood
                            }
                        }
                    } catch (InterruptedException | RuntimeException | AssertionError serverGone) {
                        // the server was killed under the stream: that is the point
                    }
                });
                stream.start();
                for (int i = 0; i < 100; i++) { // kill once the stream is well under way, whatever the machine's speed
                    acknowledged.add(alice.next(f -> "TEXT".equals(f.getString("type"))
                            && f.getJsonNumber("sender_id").longValueExact() == 1).getString("client_id"));
                }
                server.kill();
                streaming.set(false);
                stream.join(10_000);
                assertFalse(stream.isAlive(), "the stream stopped");
                sent = count.get();
                // the sockets close when the process is gone: every frame sent before it is in the queues by then
                assertTrue(alice.awaitClose(30).code() != java.net.http.WebSocket.NORMAL_CLOSURE, "alice's socket died");
                assertTrue(bob.awaitClose(30).code() != java.net.http.WebSocket.NORMAL_CLOSURE, "bob's socket died");
                for (JsonObject f : alice.drain()) {
                    if ("TEXT".equals(f.getString("type"))) {
                        acknowledged.add(f.getString("client_id"));
                    }
                }
                for (JsonObject f : bob.drain()) {
                    if ("TEXT".equals(f.getString("type"))) {
                        long id = f.getJsonNumber("message_id").longValueExact();
                        received.add(id);
                        lastReceived = Math.max(lastReceived, id);
                    }
                }
            }
        }
        assertTrue(sent > acknowledged.size(), "the stream was still running when the server died: " + sent + " sent, "
                + acknowledged.size() + " acknowledged");

        try (PayaraProcess server = PayaraProcess.start("crash-after", env)) {
            Api api = new Api(server.base());
            Map<Long, String> history = new HashMap<>();
            api.allMessages(conversation, TestTokens.valid(2)).forEach(m ->
                    history.put(m.getJsonNumber("message_id").longValueExact(), m.getString("client_id")));
            int acked = acknowledged.size();
            int stored = history.size();
            int sentCount = sent;
            LOG.info(() -> "crash test: " + sentCount + " sent, " + acked + " acknowledged, " + received.size()
                    + " received by bob, " + stored + " in history after the restart");
            assertTrue(history.values().containsAll(acknowledged), "every acknowledged message survived");
            assertTrue(history.keySet().containsAll(received), "every received message survived");

            try (WsClient bob = WsClient.open(server.base(), "/ws/inbox/", TestTokens.valid(2))) {
                bob.send("{\"type\":\"sync\",\"last_message_id\":" + lastReceived + "}");
                Set<Long> all = new HashSet<>(received);
                JsonObject frame;
                while (!"sync_complete".equals((frame = bob.next()).getString("type"))) {
                    assertTrue(all.add(frame.getJsonNumber("message_id").longValueExact()), "no duplicate");
                }
                assertEquals(history.keySet(), all, "received before the crash + synced after = history, no gap");
            }

            try (WsClient alice = WsClient.open(server.base(), "/ws/inbox/", TestTokens.valid(1))) {
                List<String> retried = new ArrayList<>();
                for (int i = 0; i < sent && retried.size() < 30; i++) {
                    if (!acknowledged.contains("k-" + i)) {
                        retried.add("k-" + i);
                        alice.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"m" + i
                                + "\",\"client_id\":\"k-" + i + "\"}");
                    }
                }
                Set<String> echoed = new HashSet<>();
                for (int i = 0; i < retried.size(); i++) {
                    echoed.add(alice.next("TEXT").getString("client_id"));
                }
                assertEquals(new HashSet<>(retried), echoed, "every retry is answered with the stored message");
                List<JsonObject> after = api.allMessages(conversation, TestTokens.valid(2));
                Map<String, Integer> copies = new HashMap<>();
                after.forEach(m -> copies.merge(m.getString("client_id"), 1, Integer::sum));
                assertTrue(copies.values().stream().allMatch(c -> c == 1), "each client_id stored once");
                long newlyStored = retried.stream().filter(id -> !history.containsValue(id)).count();
                assertEquals(history.size() + newlyStored, after.size(),
                        "retries of stored messages added nothing; the others were stored once");
            }
        }
    }
}
