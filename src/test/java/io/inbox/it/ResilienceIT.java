package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.Api;
import io.inbox.testing.PayaraProcess;
import io.inbox.testing.RawWsClient;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats and back-pressure with real misbehaving clients (a raw socket that never answers pings, one
 * that stops reading), on a server tuned for quick tests: ping every 5 seconds (so a stalled reader overflows its queue before its heartbeat expires, even on a busy machine), 200 frames per outbox, two
 * connections per user, no frame rate limit, away after 2 idle seconds.
 */
class ResilienceIT {
    private static final Logger LOG = Logger.getLogger(ResilienceIT.class.getName());
    private static final AtomicLong USERS = new AtomicLong(5000);
    private static PayaraProcess server;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        Path publicKey = Path.of("src/test/resources/keys/TEST-ONLY-it-public.pem").toAbsolutePath();
        server = PayaraProcess.start("resilience", Map.of(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toString(),
                "MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER,
                "INBOX_DATASOURCE_URL", "jdbc:h2:mem:resilience;DB_CLOSE_DELAY=-1",
                "INBOX_HEARTBEAT_INTERVAL_SECONDS", "5",
                "INBOX_CONNECTION_OUTBOX_MAX_FRAMES", "200",
                "INBOX_CONNECTION_OUTBOX_MAX_CHARS", "262144",
                "INBOX_CONNECTION_MAX_PER_USER", "2",
                "INBOX_CONNECTION_RATE_FRAMES_PER_SECOND", "100000",
                "INBOX_CONNECTION_RATE_BURST", "100000",
                "INBOX_PRESENCE_AWAY_AFTER_SECONDS", "2"));
        api = new Api(server.base());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) { // null when the start failed: the start closed what it started
            server.close();
        }
    }

    private static RawWsClient raw(long userId, int receiveBuffer) {
        return RawWsClient.connect(server.base(), "/ws/inbox/?token=" + TestTokens.valid(userId), Map.of(), receiveBuffer);
    }

    private static void assertCanOpen(long userId, int connections) {
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                open.add(WsClient.open(server.base(), "/ws/inbox/", TestTokens.valid(userId)));
            }
        } finally {
            open.forEach(WsClient::close);
        }
    }

    @Test
    void aClientThatNeverAnswersPingsIsClosedWith4408AndLeavesNoStateBehind() {
        long user = USERS.incrementAndGet();
        try (RawWsClient first = raw(user, 0); RawWsClient second = raw(user, 0)) {
            assertEquals("connection_established", first.nextText(Duration.ofSeconds(5)).getString("type"));
            assertEquals("connection_established", second.nextText(Duration.ofSeconds(5)).getString("type"));
            RawWsClient.Closed closed = first.awaitClose(Duration.ofSeconds(30));
            assertEquals(4408, closed.code());
            assertTrue(first.pingsSeen() >= 2, "two pings went unanswered: " + first.pingsSeen());
            assertEquals(4408, second.awaitClose(Duration.ofSeconds(30)).code());
        }
        // both slots of the per-user limit are free again: the registry forgot the dead connections
        assertCanOpen(user, 2);
    }

    @Test
    void aClientThatAnswersPingsStaysOpen() throws Exception {
        long user = USERS.incrementAndGet();
        try (RawWsClient polite = raw(user, 0)) {
            polite.setAutoPong(true);
            long until = System.nanoTime() + Duration.ofSeconds(11).toNanos();
            while (System.nanoTime() < until) {
                polite.readFrame(Duration.ofMillis(200));
            }
            assertTrue(polite.pingsSeen() >= 2, "pinged every 5 seconds: " + polite.pingsSeen());
            polite.sendText("{\"type\":\"ping\"}");
            assertEquals("pong", polite.nextText(Duration.ofSeconds(5)).getString("type"), "still open");
        }
    }

    /**
     * A participant that stops reading fills its outbox and is closed with 1013; the other participant
     * receives every message, in order, without waiting for it. Latency and server heap are measured and
     * reported.
     */
    @Test
    void aClientThatStopsReadingIsClosedWith1013WithoutSlowingTheOthers() throws Exception {
        long sender = USERS.incrementAndGet();
        long slow = USERS.incrementAndGet();
        long fast = USERS.incrementAndGet();
        long conversation = api.createConversation(sender, slow, fast);
        long heapBefore = server.usedHeapBytes();
        String padding = "p".repeat(3900); // with the timestamp, under the 4,000-character limit
        int count = 4000;
        List<Long> latenciesMillis = Collections.synchronizedList(new ArrayList<>());
        try (RawWsClient stalled = raw(slow, 4096);
             WsClient receiver = WsClient.open(server.base(), "/ws/inbox/", TestTokens.valid(fast));
             WsClient s = WsClient.open(server.base(), "/ws/inbox/", TestTokens.valid(sender))) {
            // the stalled client never reads from here on
            for (int i = 0; i < count; i++) {
                s.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"" + System.nanoTime()
                        + " " + padding + "\"}");
            }
            long previous = 0;
            for (int i = 0; i < count; i++) {
                JsonObject m;
                try {
                    m = receiver.next("TEXT");
                } catch (AssertionError timeout) {
                    throw new AssertionError("message " + i + " of " + count + " did not arrive; server threads: "
                            + server.threadDump(), timeout);
                }
                long sentAt = Long.parseLong(m.getString("message").substring(0, m.getString("message").indexOf(' ')));
                latenciesMillis.add((System.nanoTime() - sentAt) / 1_000_000);
                long id = m.getJsonNumber("message_id").longValueExact();
                assertTrue(id > previous, "in order");
                previous = id;
            }
            long heapAfter = server.usedHeapBytes();
            List<Long> sorted = new ArrayList<>(latenciesMillis);
            Collections.sort(sorted);
            long p50 = sorted.get(sorted.size() / 2);
            long p99 = sorted.get(sorted.size() * 99 / 100);
            long max = sorted.get(sorted.size() - 1);
            LOG.info(() -> String.format("slow-client test: %d messages of 4 KB to the fast client, latency p50 %d ms,"
                    + " p99 %d ms, max %d ms; server heap after GC %d MiB before, %d MiB after",
                    count, p50, p99, max, heapBefore >> 20, heapAfter >> 20));
            assertTrue(max < 10_000, "the fast client was never held up for long: max " + max + " ms");
            assertTrue(heapAfter - heapBefore < 64L << 20,
                    "the stalled client's backlog is bounded: heap grew " + ((heapAfter - heapBefore) >> 20) + " MiB");

            // a client that never reads cannot receive the close frame behind its backlog: it sees 1013 only
            // if the frame got through, else the transport's end (1006); the server's log says which code it sent
            RawWsClient.Closed closed = stalled.awaitClose(Duration.ofSeconds(30));
            assertTrue(closed.code() == 1013 || closed.code() == 1006, "the connection ended: " + closed);
            String log = java.nio.file.Files.readString(server.log());
            assertTrue(log.matches("(?s).*close: user " + slow + " on /ws/inbox/ after \\d+ ms, code 1013.*"),
                    "the server closed the stalled client with 1013");
        }
        assertCanOpen(slow, 2);
    }

    @Test
    void aUserWhoseConnectionsSendNothingGoesAwayAndComesBackOnTheNextFrame() {
        long alice = USERS.incrementAndGet();
        long bob = USERS.incrementAndGet();
        api.createConversation(alice, bob);
        try (WsClient b = WsClient.openWithPresence(server.base(), "/ws/inbox/", TestTokens.valid(bob))) {
            b.next("presence_list");
            try (WsClient a = WsClient.open(server.base(), "/ws/inbox/", TestTokens.valid(alice))) {
                assertEquals("online", b.next("presence").getString("status"));
                JsonObject away = b.next("presence", 10);
                assertEquals("away", away.getString("status"), "no frame from alice for 2 s");
                assertEquals(alice, away.getJsonNumber("user_id").longValueExact());
                a.send("{\"type\":\"ping\"}");
                assertEquals("online", b.next("presence", 5).getString("status"), "any frame brings her back");
            }
        }
    }
}
