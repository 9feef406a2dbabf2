package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.Api;
import io.inbox.testing.Await;
import io.inbox.testing.ConnectGapProbe;
import io.inbox.testing.Ids;
import io.inbox.testing.PayaraProcess;
import io.inbox.testing.Ports;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three Payara Micro instances on loopback, one PostgreSQL database, TCP/IP discovery on the embedded
 * Hazelcast grid (no multicast): delivery, presence and the connection limit across instances, and what
 * happens when one instance is killed. A fourth member of the grid exists for the kill alone, so that A, B
 * and C stay up whatever the order of the tests; every test has users of its own.
 */
class ClusterIT {
    private static final String TEXT = "TEXT";
    private static final String INBOX = "/ws/inbox/";
    private static final Duration FORMING = Duration.ofSeconds(120);
    private static List<PayaraProcess> instances = List.of();
    private static URI a;
    private static URI b;
    private static URI c;
    /** The member the kill test kills; no other test uses it. */
    private static PayaraProcess doomed;

    @BeforeAll
    static void startFourInstances() throws Exception {
        int[] gridPorts = {Ports.free(), Ports.free(), Ports.free(), Ports.free()};
        String members = Arrays.stream(gridPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        String clusterName = "inbox-it-" + ProcessHandle.current().pid();
        Map<String, String> env = new HashMap<>();
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", Path.of("src/test/resources/keys/TEST-ONLY-it-public.pem").toAbsolutePath().toString());
        env.put("MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER);
        env.put("INBOX_DATASOURCE_CLASS_NAME", "org.postgresql.ds.PGSimpleDataSource");
        env.put("INBOX_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:5432/"
                + System.getProperty("inbox.it.database", "inbox_it") + "_cluster");
        env.put("INBOX_DATASOURCE_USER", "inbox_it");
        env.put("INBOX_DATASOURCE_PASSWORD", "inbox_it");
        env.put("INBOX_CLUSTER_ENABLED", "true");
        env.put("INBOX_PRESENCE_OFFLINE_GRACE_SECONDS", "1");
        env.put("INBOX_CONNECTION_MAX_PER_USER", "2");
        List<PayaraProcess.Start> starts = new ArrayList<>();
        for (int i = 0; i < gridPorts.length; i++) {
            int port = gridPorts[i];
            String name = "cluster-" + (char) ('a' + i);
            starts.add(() -> PayaraProcess.start(name, env,
                    // a killed member is declared dead after a few seconds instead of Hazelcast's 60
                    List.of("-Dhazelcast.max.no.heartbeat.seconds=5", "-Dhazelcast.heartbeat.interval.seconds=1"),
                    List.of("--clustermode", "tcpip:" + members, "--interfaces", "127.0.0.1",
                            "--startport", Integer.toString(port), "--clustername", clusterName)));
        }
        instances = PayaraProcess.startAll(starts); // all up, or none left running
        a = instances.get(0).base();
        b = instances.get(1).base();
        c = instances.get(2).base();
        doomed = instances.get(3);
        for (PayaraProcess instance : instances) {
            Await.until(instance.log() + " says 'cluster of 4 members'", FORMING,
                    () -> Files.readString(instance.log()).contains("cluster of 4 members"));
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (PayaraProcess instance : instances) {
            instance.close();
        }
    }

    @Test
    void messagesAndSignalsReachEveryConnectionOnEveryInstanceOnceAndInOrder() throws Exception {
        long alice = Ids.user();
        long bob = Ids.user();
        long carol = Ids.user();
        try (WsClient aliceOnA = WsClient.open(a, "/ws/inbox/", TestTokens.valid(alice));
             WsClient aliceOnB = WsClient.open(b, "/ws/inbox/", TestTokens.valid(alice));
             WsClient bobOnC = WsClient.open(c, "/ws/inbox/", TestTokens.valid(bob));
             WsClient carolOnB = WsClient.open(b, "/ws/inbox/", TestTokens.valid(carol));
             WsClient strangerOnC = WsClient.open(c, "/ws/inbox/", TestTokens.valid(Ids.user()))) {
            List<WsClient> everyone = List.of(aliceOnA, aliceOnB, bobOnC, carolOnB);
            long conversation = new Api(a).createConversation(alice, bob, carol);
            for (WsClient client : everyone) {
                JsonObject created = client.next("conversation_created");
                assertEquals(conversation, created.getJsonObject("conversation").getJsonNumber("id").longValueExact());
            }

            // three senders on three instances at once: every connection gets the merged stream in id order
            int perSender = 60;
            List<Thread> senders = new ArrayList<>();
            for (WsClient sender : List.of(aliceOnA, bobOnC, carolOnB)) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < perSender; i++) {
                        sender.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"m" + i
                                + "\",\"client_id\":\"c-" + i + "\"}");
                    }
                });
                senders.add(thread);
                thread.start();
            }
            for (Thread thread : senders) {
                thread.join(30_000);
            }
            for (Thread thread : senders) {
                assertFalse(thread.isAlive(), "every sender sent its messages");
            }
            // sending is asynchronous: the last messages may still be on their way to the database
            List<Long> history = Await.value("all " + 3 * perSender + " messages in history", Duration.ofSeconds(30),
                    () -> ids(new Api(b).allMessages(conversation, TestTokens.valid(bob))), h -> h.size() >= 3 * perSender);
            assertEquals(3 * perSender, history.size());
            for (WsClient client : everyone) {
                List<Long> received = new ArrayList<>();
                while (received.size() < history.size()) {
                    received.add(client.next(TEXT).getJsonNumber("message_id").longValueExact());
                }
                assertEquals(history, received, "every message once, in id order, on every instance");
            }

            carolOnB.send("{\"type\":\"typing\",\"conversation_id\":" + conversation + ",\"is_typing\":true}");
            for (WsClient client : List.of(aliceOnA, aliceOnB, bobOnC)) {
                JsonObject typing = client.next("typing");
                assertEquals(carol, typing.getJsonNumber("user_id").longValueExact());
                assertTrue(typing.getBoolean("is_typing"));
            }

            long last = history.get(history.size() - 1);
            bobOnC.send("{\"type\":\"read\",\"conversation_id\":" + conversation + ",\"message_id\":" + last + "}");
            for (WsClient client : everyone) {
                JsonObject read = client.next("read");
                assertEquals(bob, read.getJsonNumber("user_id").longValueExact());
                assertEquals(last, read.getJsonNumber("message_id").longValueExact());
            }

            JsonObject first = new Api(a).allMessages(conversation, TestTokens.valid(alice)).stream()
                    .filter(m -> m.getJsonNumber("sender_id").longValueExact() == alice).findFirst().orElseThrow();
            long alicesMessage = first.getJsonNumber("message_id").longValueExact();
            aliceOnA.send("{\"type\":\"edit\",\"message_id\":" + alicesMessage + ",\"message\":\"edited\"}");
            for (WsClient client : everyone) {
                JsonObject updated = client.next("message_updated");
                assertEquals(alicesMessage, updated.getJsonNumber("message_id").longValueExact());
                assertEquals("edited", updated.getString("message"));
            }
            aliceOnB.send("{\"type\":\"delete\",\"message_id\":" + alicesMessage + "}");
            for (WsClient client : everyone) {
                assertEquals(alicesMessage, client.next("message_deleted").getJsonNumber("message_id").longValueExact());
            }
            // the stranger on C, on the same instance as bob, got none of it
            strangerOnC.expectSilence(500);
        }
    }

    @Test
    void aUserWithTabsOnTwoInstancesIsOnlineUntilTheLastCloses() throws Exception {
        long dave = Ids.user();
        long erin = Ids.user();
        new Api(a).createConversation(dave, erin);
        WsClient daveOnA = WsClient.open(a, "/ws/inbox/", TestTokens.valid(dave));
        try (WsClient erinOnC = WsClient.openWithPresence(c, "/ws/inbox/", TestTokens.valid(erin))) {
            JsonObject list = erinOnC.next("presence_list");
            JsonObject daveSeen = list.getJsonArray("users").getValuesAs(JsonObject.class).stream()
                    .filter(u -> u.getJsonNumber("user_id").longValueExact() == dave).findFirst().orElseThrow();
            assertEquals("online", daveSeen.getString("status"), "presence_list on C knows dave's tab on A");

            WsClient daveOnB = WsClient.open(b, "/ws/inbox/", TestTokens.valid(dave));
            daveOnA.close();
            erinOnC.expectSilence(2500); // longer than the 1 s grace: the tab on B keeps dave online
            daveOnB.close();
            JsonObject offline = erinOnC.next(f -> "presence".equals(f.getString("type"))
                    && f.getJsonNumber("user_id").longValueExact() == dave);
            assertEquals("offline", offline.getString("status"));
            assertFalse(offline.isNull("last_seen_at"));

            try (WsClient back = WsClient.open(b, "/ws/inbox/", TestTokens.valid(dave))) {
                JsonObject online = erinOnC.next(f -> "presence".equals(f.getString("type"))
                        && f.getJsonNumber("user_id").longValueExact() == dave);
                assertEquals("online", online.getString("status"));
            }
        }
    }

    @Test
    void theConnectionLimitCountsConnectionsOnEveryInstance() throws Exception {
        long frank = Ids.user(); // inbox.connection.max-per-user is 2 in this cluster
        try (WsClient onA = WsClient.open(a, "/ws/inbox/", TestTokens.valid(frank));
             WsClient onB = WsClient.open(b, "/ws/inbox/", TestTokens.valid(frank))) {
            WsClient third = WsClient.connect(c, "/ws/inbox/", TestTokens.valid(frank));
            assertEquals(4429, third.awaitClose().code());
            onA.close();
            // C learns of the close on A through the grid: until then C may still count two
            WsClient replacement = Await.value("a connection on C once the one on A is closed", Duration.ofSeconds(30), () -> {
                WsClient candidate = WsClient.connect(c, INBOX, TestTokens.valid(frank));
                if (candidate.established(WsClient.TIMEOUT_SECONDS)) {
                    return candidate;
                }
                candidate.close();
                return null;
            }, Objects::nonNull);
            try (WsClient again = replacement) {
                again.send("{\"type\":\"ping\"}");
                assertEquals("pong", again.next("pong").getString("type"));
            }
            assertTrue(onB.isOpen());
        }
    }

    /** No gap at connect across instances: the receivers connect to B the instant before A's sender speaks. */
    @Test
    void everyFrameRaisedAfterThe101ReachesASocketOnAnotherInstanceThanTheSenders() {
        long[] senders = {Ids.user(), Ids.user()};
        long[] receivers = {Ids.user(), Ids.user(), Ids.user(), Ids.user()};
        long conversation = new Api(a).createConversation(senders[0], senders[1], receivers[0], receivers[1], receivers[2],
                receivers[3]);
        int rounds = 100;
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < senders.length; i++) { // one sender per endpoint: neither reaches the frame rate limit
            try (WsClient senderOnA = WsClient.open(a, "/ws/inbox/", TestTokens.valid(senders[i]))) {
                misses.addAll(new ConnectGapProbe(senderOnA, senders[i], b, conversation, receivers)
                        .run(i == 0 ? "cluster-inbox" : "cluster-chat", rounds, i == 1));
            }
        }
        assertEquals(List.of(), misses, misses.size() + " of " + 2 * rounds + " rounds missed frames");
    }

    @Test
    void operatorsAndServicesReachEveryInstance() throws Exception {
        long kate = Ids.user();
        long liam = Ids.user();
        long conversation = new Api(a).createConversation(kate, liam);
        String admin = TestTokens.withGroups(Ids.user(), "inbox-admin");
        try (WsClient kateOnA = WsClient.open(a, "/ws/inbox/", TestTokens.valid(kate));
             WsClient kateOnB = WsClient.open(b, "/ws/inbox/", TestTokens.valid(kate));
             WsClient liamOnC = WsClient.open(c, "/ws/inbox/", TestTokens.valid(liam))) {
            // a service publishes on C: the participants' connections on A, B and C get the event
            Api.Reply published = new Api(c).post("/api/publish/", TestTokens.withGroups(Ids.user(), "inbox-service"),
                    "{\"conversation_id\":" + conversation + ",\"event\":{\"type\":\"invoice_paid\",\"amount\":12}}");
            assertEquals(202, published.status(), published.raw().body());
            for (WsClient client : List.of(kateOnA, kateOnB, liamOnC)) {
                assertEquals(12, client.next("invoice_paid").getInt("amount"));
            }

            // an admin asks C about kate, whose connections are on A and B
            List<JsonObject> listed = new Api(c).get("/api/admin/users/" + kate + "/connections/", admin).json()
                    .getJsonArray("results").getValuesAs(JsonObject.class);
            assertEquals(2, listed.size(), listed.toString());
            assertEquals(2, listed.stream().map(l -> l.getString("instance")).distinct().count(), "two instances");

            // and disconnects her from C: both of her sockets close, liam's stays
            assertEquals(202, new Api(c).post("/api/admin/users/" + kate + "/disconnect/", admin, "").status());
            assertEquals(4401, kateOnA.awaitClose().code());
            assertEquals(4401, kateOnB.awaitClose().code());
            liamOnC.send("{\"type\":\"ping\"}");
            assertEquals("pong", liamOnC.next("pong").getString("type"));
        }
    }

    @Test
    void aKilledInstanceTakesItsPresenceWithItAndItsClientsRecoverOnAnother() throws Exception {
        long gina = Ids.user();
        long hank = Ids.user();
        long ivan = Ids.user();
        long conversation = new Api(a).createConversation(gina, hank, ivan);
        URI d = doomed.base();
        WsClient ginaOnA = WsClient.openWithPresence(a, "/ws/inbox/", TestTokens.valid(gina));
        WsClient ivanOnB = WsClient.open(b, "/ws/inbox/", TestTokens.valid(ivan));
        WsClient hankOnD = WsClient.open(d, "/ws/inbox/", TestTokens.valid(hank));
        assertEquals("online", ginaOnA.next(f -> "presence".equals(f.getString("type"))
                && f.getJsonNumber("user_id").longValueExact() == hank).getString("status"));

        // hank streams from D; D is killed under the stream
        AtomicBoolean streaming = new AtomicBoolean(true);
        AtomicInteger count = new AtomicInteger();
        Thread stream = new Thread(() -> {
            try {
                while (streaming.get()) {
                    int n = count.getAndIncrement();
                    hankOnD.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"h" + n
                            + "\",\"client_id\":\"h-" + n + "\"}");
                    if (n % 10 == 0) {
                        Thread.sleep(5); // paces the stream: the point is a sender mid-stream, not a flood
                    }
                }
            } catch (InterruptedException | RuntimeException | AssertionError instanceGone) {
                // the instance was killed under the stream: that is the point
            }
        });
        stream.start();
        List<Long> hankReceived = new ArrayList<>();
        // D has served nothing before this test: its first message (first insert, first publish) may take long on a
        // busy machine; the others come at the usual pace
        hankReceived.add(hankOnD.next(f -> TEXT.equals(f.getString("type", null)), 30).getJsonNumber("message_id").longValueExact());
        for (int i = 1; i < 50; i++) {
            hankReceived.add(hankOnD.next(TEXT).getJsonNumber("message_id").longValueExact());
        }
        doomed.kill();
        streaming.set(false);
        stream.join(10_000);
        assertFalse(stream.isAlive(), "the stream stopped");
        // the socket closes when the process is gone: every frame D sent before it is in the queue by then
        assertTrue(hankOnD.awaitClose(30).code() != WebSocket.NORMAL_CLOSURE, "D went away without a close handshake");
        hankOnD.drain().stream().filter(f -> TEXT.equals(f.getString("type", null)))
                .forEach(f -> hankReceived.add(f.getJsonNumber("message_id").longValueExact()));

        // D's users go offline without D's help: the oldest remaining member cleans up after it
        List<JsonObject> ginaFrames = new ArrayList<>();
        JsonObject offline = collectUntil(ginaOnA, ginaFrames, f -> "presence".equals(f.getString("type"))
                && f.getJsonNumber("user_id").longValueExact() == hank, 30);
        assertEquals("offline", offline.getString("status"));

        // while hank is away, ivan writes on B
        for (int i = 0; i < 5; i++) {
            ivanOnB.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"while away " + i
                    + "\",\"client_id\":\"i-" + i + "\"}");
        }
        List<JsonObject> stored = Await.value("ivan's 5 messages in history", Duration.ofSeconds(30),
                () -> new Api(a).allMessages(conversation, TestTokens.valid(gina)),
                h -> h.stream().filter(m -> m.getString("message").startsWith("while away")).count() == 5);
        List<Long> history = ids(stored);
        assertTrue(history.size() >= 55, "history: " + history.size());

        // everything D committed reached the connections on A and B exactly once, in order, even messages C
        // committed but never published (repaired from the database)
        Map<WsClient, List<JsonObject>> taken = Map.of(ginaOnA, ginaFrames, ivanOnB, List.of());
        for (WsClient survivor : List.of(ginaOnA, ivanOnB)) {
            List<Long> received = new ArrayList<>(taken.get(survivor).stream()
                    .filter(f -> TEXT.equals(f.getString("type", null)))
                    .map(f -> f.getJsonNumber("message_id").longValueExact()).toList());
            while (received.size() < history.size()) {
                received.add(survivor.next(f -> TEXT.equals(f.getString("type", null)), 10)
                        .getJsonNumber("message_id").longValueExact());
            }
            assertEquals(history, received);
            survivor.expectSilence(300);
        }

        // hank reconnects to A and syncs from the last message he saw: nothing is lost, nothing doubled
        long cursor = hankReceived.stream().mapToLong(Long::longValue).max().orElseThrow();
        try (WsClient hankOnA = WsClient.open(a, "/ws/inbox/", TestTokens.valid(hank))) {
            hankOnA.send("{\"type\":\"sync\",\"last_message_id\":" + cursor + "}");
            List<Long> replayed = new ArrayList<>();
            while (true) {
                JsonObject frame = hankOnA.next(f -> TEXT.equals(f.getString("type", null))
                        || "sync_complete".equals(f.getString("type", null)));
                if ("sync_complete".equals(frame.getString("type"))) {
                    break;
                }
                replayed.add(frame.getJsonNumber("message_id").longValueExact());
            }
            List<Long> seen = new ArrayList<>(hankReceived.stream().distinct().sorted().toList());
            seen.addAll(replayed);
            assertEquals(history, seen, "received before the kill + synced after = history");
        } finally {
            ginaOnA.close();
            ivanOnB.close();
            hankOnD.close();
        }
    }

    /**
     * A name changed in a token on A is the sender name of messages committed on B: B dropped the profile it had
     * cached when it heard of the change.
     */
    @Test
    void aNameChangedInATokenOnOneInstanceIsTheSenderNameOfMessagesSentThroughAnother() throws Exception {
        long alice = Ids.user();
        long bob = Ids.user();
        long conversation = new Api(a).createConversation(alice, bob);
        try (WsClient aliceOnB = WsClient.open(b, "/ws/inbox/", TestTokens.valid(alice, "Alice", null));
             WsClient bobOnB = WsClient.open(b, "/ws/inbox/", TestTokens.valid(bob))) {
            aliceOnB.send(text(conversation, "before", "n-1"));
            assertEquals("Alice", bobOnB.next(TEXT).getString("sender_name"), "B has Alice's profile cached");

            try (WsClient aliceOnA = WsClient.open(a, "/ws/inbox/", TestTokens.valid(alice, "Alice Liddell", null))) {
                // frames A publishes after the change come after its announcement (one member's envelopes keep
                // their order), so once bob has this one, B has heard of the change
                aliceOnA.send(text(conversation, "through A", "n-2"));
                JsonObject throughA = bobOnB.next(TEXT);
                assertEquals("through A", throughA.getString("message"));
                assertEquals("Alice Liddell", throughA.getString("sender_name"));

                // her socket on B was opened with the old token: this message is committed and encoded on B
                aliceOnB.send(text(conversation, "through B", "n-3"));
                JsonObject throughB = bobOnB.next(TEXT);
                assertEquals("through B", throughB.getString("message"));
                assertEquals("Alice Liddell", throughB.getString("sender_name"), "B's copy of the profile was dropped");
            }
        }
        JsonObject last = new Api(b).allMessages(conversation, TestTokens.valid(bob)).stream()
                .filter(m -> "through B".equals(m.getString("message"))).findFirst().orElseThrow();
        assertEquals("Alice Liddell", last.getString("sender_name"), "history read on B");
    }

    private static String text(long conversation, String message, String clientId) {
        return "{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"" + message
                + "\",\"client_id\":\"" + clientId + "\"}";
    }

    /** Takes frames until one matches, keeping every frame taken (the waits must not lose messages). */
    private static JsonObject collectUntil(WsClient client, List<JsonObject> taken,
                                           java.util.function.Predicate<JsonObject> wanted, long seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L);
            JsonObject frame = client.next(f -> true, left);
            taken.add(frame);
            if (wanted.test(frame)) {
                return frame;
            }
        }
    }

    private static List<Long> ids(List<JsonObject> messages) {
        return messages.stream().map(m -> m.getJsonNumber("message_id").longValueExact()).toList();
    }
}
