package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.Api;
import io.inbox.testing.Ids;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code /ws/inbox/} end to end on a real Payara Micro with real WebSocket clients. */
class InboxMessagingIT extends ServerIT {
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    private static final String INBOX = "/ws/inbox/";


    private WsClient open(long userId) {
        return WsClient.open(base, INBOX, TestTokens.valid(userId));
    }

    private static String text(long conversationId, String message, String clientId) {
        return "{\"type\":\"TEXT\",\"conversation_id\":" + conversationId + ",\"message\":\"" + message + "\""
                + (clientId == null ? "" : ",\"client_id\":\"" + clientId + "\"") + "}";
    }

    @Test
    void connectionEstablishedCarriesUserIdAndHeartbeat() {
        long alice = Ids.user();
        try (WsClient ws = WsClient.connect(base, INBOX, TestTokens.valid(alice))) {
            JsonObject established = ws.next();
            assertEquals("connection_established", established.getString("type"));
            assertEquals(alice, established.getJsonNumber("user_id").longValueExact());
            assertEquals(25, established.getInt("heartbeat_interval"));
        }
    }

    @Test
    void deliversMessageWithEveryLegacyFieldAndItsJsonType() {
        long alice = Ids.user();
        long bob = Ids.user();
        String aliceToken = TestTokens.valid(alice, "Alice Doe", "https://img.example/alice.png");
        try (WsClient a = WsClient.open(base, INBOX, aliceToken); WsClient b = open(bob)) {
            long conversation = api.createConversation(bob, alice); // bob's token leaves alice's profile alone
            a.next("conversation_created");
            b.next("conversation_created");

            a.send(text(conversation, "Hello", "c-1"));

            JsonObject m = b.next("TEXT");
            assertEquals("TEXT", m.getString("type"));
            assertEquals("Hello", m.getString("message"));
            assertEquals(JsonValue.ValueType.NUMBER, m.get("conversation_id").getValueType());
            assertEquals(conversation, m.getJsonNumber("conversation_id").longValueExact());
            assertEquals(JsonValue.ValueType.NUMBER, m.get("sender_id").getValueType());
            assertEquals(alice, m.getJsonNumber("sender_id").longValueExact());
            assertEquals("Alice Doe", m.getString("sender_name"));
            assertEquals("https://img.example/alice.png", m.getString("sender_avatar"));
            assertTrue(TIMESTAMP.matcher(m.getString("created_at")).matches(), m.getString("created_at"));
            assertEquals(JsonValue.ValueType.NUMBER, m.get("message_id").getValueType());
            assertTrue(m.getJsonNumber("message_id").longValueExact() > 0);

            JsonObject echo = a.next("TEXT");
            assertEquals("c-1", echo.getString("client_id"), "the sender's echo carries its client_id");
            assertEquals(m.getJsonNumber("message_id"), echo.getJsonNumber("message_id"));
        }
    }

    @Test
    void routesThreeConversationsOnOneSocketWithoutLeakingToNonParticipants() {
        long alice = Ids.user();
        long bob = Ids.user();
        long carol = Ids.user();
        long dave = Ids.user();
        try (WsClient a = open(alice); WsClient b = open(bob); WsClient c = open(carol); WsClient d = open(dave)) {
            long ab = api.createConversation(alice, bob);
            long ac = api.createConversation(alice, carol);
            long abc = api.createConversation(alice, bob, carol);
            for (int i = 0; i < 3; i++) {
                a.next("conversation_created");
            }

            a.send(text(ab, "to bob", null));
            a.send(text(ac, "to carol", null));
            a.send(text(abc, "to both", null));

            JsonObject b1 = b.next("TEXT");
            JsonObject b2 = b.next("TEXT");
            assertEquals(ab, b1.getJsonNumber("conversation_id").longValueExact());
            assertEquals("to bob", b1.getString("message"));
            assertEquals(abc, b2.getJsonNumber("conversation_id").longValueExact());
            JsonObject c1 = c.next("TEXT");
            JsonObject c2 = c.next("TEXT");
            assertEquals(ac, c1.getJsonNumber("conversation_id").longValueExact());
            assertEquals(abc, c2.getJsonNumber("conversation_id").longValueExact());
            for (int i = 0; i < 3; i++) {
                assertEquals("TEXT", a.next("TEXT").getString("type"), "the sender gets its three echoes");
            }
            b.expectSilence(500);
            c.expectSilence(200);
            d.expectSilence(200);
        }
    }

    @Test
    void deliversToEveryOpenConnectionOfTheSenderAndRecipient() {
        long alice = Ids.user();
        long bob = Ids.user();
        try (WsClient a1 = open(alice); WsClient a2 = open(alice); WsClient b1 = open(bob); WsClient b2 = open(bob)) {
            long conversation = api.createConversation(alice, bob);
            a1.send(text(conversation, "all tabs", "tab-1"));
            for (WsClient tab : new WsClient[] {a1, a2, b1, b2}) {
                JsonObject m = tab.next("TEXT");
                assertEquals("all tabs", m.getString("message"));
            }
        }
    }

    @Test
    void retryWithSameClientIdIsStoredOnceAndResentOnlyToTheSender() {
        long alice = Ids.user();
        long bob = Ids.user();
        try (WsClient a = open(alice); WsClient aTab2 = open(alice); WsClient b = open(bob)) {
            long conversation = api.createConversation(alice, bob);
            a.send(text(conversation, "once", "retry-1"));
            long id = a.next("TEXT").getJsonNumber("message_id").longValueExact();
            aTab2.next("TEXT");
            b.next("TEXT");

            a.send(text(conversation, "once", "retry-1"));

            JsonObject again = a.next("TEXT");
            assertEquals(id, again.getJsonNumber("message_id").longValueExact(), "the stored object is sent again");
            assertEquals("retry-1", again.getString("client_id"));
            assertEquals(id, aTab2.next("TEXT").getJsonNumber("message_id").longValueExact());
            b.expectSilence(700);
            Api.Reply history = api.get("/api/conversations/" + conversation + "/messages/", TestTokens.valid(bob));
            assertEquals(1, history.json().getJsonArray("results").size(), "stored once");
        }
    }

    @Test
    void conversationCreatedWhileConnectedIsDeliveredAtOnceAndThenItsMessages() {
        long alice = Ids.user();
        long bob = Ids.user();
        try (WsClient b = open(bob); WsClient a = open(alice)) {
            long conversation = api.createConversation(alice, bob);
            JsonObject created = b.next();
            assertEquals("conversation_created", created.getString("type"));
            JsonObject c = created.getJsonObject("conversation");
            assertEquals(conversation, c.getJsonNumber("id").longValueExact());
            assertEquals("test", c.getString("title"));
            assertEquals(2, c.getJsonArray("participant_ids").size());

            a.send(text(conversation, "you are in", null));
            assertEquals("you are in", b.next().getString("message"), "no reconnect needed");
        }
    }

    @Test
    void malformedFramesGet4400AndTheSocketStaysUsable() {
        long alice = Ids.user();
        long bob = Ids.user();
        try (WsClient a = open(alice); WsClient b = open(bob)) {
            long conversation = api.createConversation(alice, bob);
            a.next("conversation_created");
            b.next("conversation_created");
            String[] malformed = {
                    "not json",
                    "[1,2]",
                    "{\"message\":\"no type\",\"conversation_id\":" + conversation + "}",
                    "{\"type\":\"shout\",\"conversation_id\":" + conversation + "}",
                    "{\"type\":7}",
                    "{\"type\":\"TEXT\",\"message\":\"no conversation\"}",
                    "{\"type\":\"TEXT\",\"conversation_id\":\"" + conversation + "\",\"message\":\"string id\"}",
                    "{\"type\":\"TEXT\",\"conversation_id\":1.5,\"message\":\"fraction\"}",
                    "{\"type\":\"TEXT\",\"conversation_id\":" + conversation + "}",
                    "{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":42}",
                    "{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"\"}",
                    "{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"   \"}",
                    "{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"" + "x".repeat(4001) + "\"}",
                    "{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"m\",\"client_id\":\"" + "c".repeat(65) + "\"}",
            };
            for (String frame : malformed) {
                a.send(frame);
                JsonObject error = a.next();
                assertEquals("error", error.getString("type"), frame);
                assertEquals(4400, error.getInt("code"), frame);
                assertFalse(error.getString("message").isBlank());
                assertFalse(error.toString().contains("Exception"), "no stack trace: " + error);
            }
            a.sendBinary(new byte[] {1, 2, 3});
            assertEquals(4400, a.next().getInt("code"), "binary frame");

            a.send(text(conversation, "still works", "after-errors"));
            assertEquals("still works", a.next().getString("message"));
            assertEquals("still works", b.next().getString("message"), "only the valid message reached bob");
            b.expectSilence(300);
        }
    }

    @Test
    void errorFrameCarriesTheClientIdOfTheFailedFrame() {
        long alice = Ids.user();
        long bob = Ids.user();
        try (WsClient a = open(alice)) {
            long conversation = api.createConversation(alice, bob);
            a.next("conversation_created");
            a.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"\",\"client_id\":\"empty-1\"}");
            JsonObject error = a.next();
            assertEquals(4400, error.getInt("code"));
            assertEquals("empty-1", error.getString("client_id"));
            assertEquals(conversation, error.getJsonNumber("conversation_id").longValueExact());
        }
    }

    @Test
    void messageToAStrangersConversationGets4403AndIsNeitherStoredNorDelivered() {
        long alice = Ids.user();
        long bob = Ids.user();
        long mallory = Ids.user();
        try (WsClient a = open(alice); WsClient b = open(bob); WsClient m = open(mallory)) {
            long conversation = api.createConversation(alice, bob);
            a.next("conversation_created");
            b.next("conversation_created");

            m.send(text(conversation, "let me in", "m-1"));
            JsonObject error = m.next();
            assertEquals("error", error.getString("type"));
            assertEquals(4403, error.getInt("code"));
            assertEquals(conversation, error.getJsonNumber("conversation_id").longValueExact());
            assertEquals("m-1", error.getString("client_id"));

            m.send(text(999_999_999L, "nowhere", null));
            JsonObject unknown = m.next();
            assertEquals(4403, unknown.getInt("code"), "unknown and foreign conversations look the same");

            a.expectSilence(500);
            b.expectSilence(100);
            Api.Reply history = api.get("/api/conversations/" + conversation + "/messages/", TestTokens.valid(alice));
            assertEquals(0, history.json().getJsonArray("results").size());
            assertTrue(m.isOpen());
        }
    }

    @Test
    void twoHundredFastMessagesArriveInOrderWithIncreasingIds() {
        long alice = Ids.user();
        long bob = Ids.user();
        try (WsClient a = open(alice); WsClient b = open(bob)) {
            long conversation = api.createConversation(alice, bob);
            a.next("conversation_created");
            b.next("conversation_created");
            for (int i = 0; i < 200; i++) {
                a.send(text(conversation, "n" + i, "fast-" + i));
            }
            long previous = 0;
            for (int i = 0; i < 200; i++) {
                JsonObject m = b.next();
                assertEquals("n" + i, m.getString("message"));
                long id = m.getJsonNumber("message_id").longValueExact();
                assertTrue(id > previous, "ids increase: " + previous + " then " + id);
                previous = id;
            }
            long previousEcho = 0;
            for (int i = 0; i < 200; i++) {
                JsonObject echo = a.next();
                assertEquals("fast-" + i, echo.getString("client_id"));
                assertNotEquals(previousEcho, echo.getJsonNumber("message_id").longValueExact());
                previousEcho = echo.getJsonNumber("message_id").longValueExact();
            }
        }
    }

    @Test
    void pingIsAnsweredWithPong() {
        try (WsClient a = open(Ids.user())) {
            a.send("{\"type\":\"ping\"}");
            assertEquals("pong", a.next().getString("type"));
        }
    }

    @Test
    void servesThePathWithoutTrailingSlashAndTheAuthorizationHeader() {
        long alice = Ids.user();
        long bob = Ids.user();
        try (WsClient a = WsClient.open(base, "/ws/inbox", TestTokens.valid(alice));
             WsClient b = WsClient.connectWithHeader(base, INBOX, TestTokens.valid(bob))) {
            assertEquals(bob, b.next().getJsonNumber("user_id").longValueExact());
            long conversation = api.createConversation(alice, bob);
            a.next("conversation_created");
            a.send(text(conversation, "no slash", null));
            assertEquals("no slash", b.next("TEXT").getString("message"));
            assertEquals("no slash", a.next("TEXT").getString("message"));
        }
    }

    /**
     * The load generator of docs/benchmarks.md, briefly, against this server: its accounting must agree with
     * a real server (every message acknowledged and delivered once, no errors), or its figures mean nothing.
     */
    @Test
    void loadGeneratorCountsEveryDeliveryOfAShortRun() throws Exception {
        jakarta.json.JsonObject report = io.inbox.bench.LoadGenerator.run("--url", base.toString(), "--users", "12",
                "--group-size", "3", "--rate", "40", "--warmup", "1", "--duration", "2", "--grace", "5",
                "--private-key", "src/test/resources/keys/TEST-ONLY-it-private.pem", "--issuer", io.inbox.testing.TestTokens.ISSUER);
        assertEquals(120, report.getInt("messages_sent"), report.toString());
        assertEquals(0, report.getInt("lost_deliveries"), report.toString());
        assertEquals(0, report.getInt("acknowledged_but_lost"), report.toString());
        assertEquals(0, report.getInt("messages_not_acknowledged"), report.toString());
        assertEquals(0, report.getInt("duplicates"), report.toString());
        assertEquals(0, report.getJsonObject("errors").getInt("total"), report.toString());
        assertEquals(80 * 2, report.getInt("deliveries_measured"), "2 other members for each measured message");
    }
}
