package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.Api;
import io.inbox.testing.Ids;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Real-time signals (PROTOCOL sections 2 to 5): typing, read receipts, edit and delete, presence. */
class SignalsIT extends ServerIT {
    private static final String INBOX = "/ws/inbox/";
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    private WsClient open(long user) {
        return WsClient.open(base, INBOX, TestTokens.valid(user));
    }

    private long send(WsClient from, long conversation, String text) {
        from.send("{\"type\":\"TEXT\",\"conversation_id\":" + conversation + ",\"message\":\"" + text + "\"}");
        return from.next("TEXT").getJsonNumber("message_id").longValueExact();
    }

    // ------------------------------------------------------------------ typing

    @Test
    void typingGoesToTheOtherParticipantsOnlyNeverToTheTypersOwnConnections() {
        long alice = Ids.user();
        long bob = Ids.user();
        long stranger = Ids.user();
        long conversation = api.createConversation(alice, bob);
        try (WsClient a = open(alice); WsClient a2 = open(alice); WsClient b = open(bob); WsClient s = open(stranger)) {
            a.send("{\"type\":\"typing\",\"conversation_id\":" + conversation + ",\"is_typing\":true}");
            JsonObject typing = b.next();
            assertEquals("typing", typing.getString("type"));
            assertEquals(conversation, typing.getJsonNumber("conversation_id").longValueExact());
            assertEquals(alice, typing.getJsonNumber("user_id").longValueExact());
            assertEquals(JsonValue.TRUE, typing.get("is_typing"));
            a.expectSilence(300);
            a2.expectSilence(100);
            s.expectSilence(100);
            a.send("{\"type\":\"typing_stop\",\"conversation_id\":" + conversation + "}");
            assertEquals(JsonValue.FALSE, b.next().get("is_typing"));
        }
    }

    @Test
    void refreshesAreThrottledAndTypingStartIsAnAlias() {
        long alice = Ids.user();
        long bob = Ids.user();
        long conversation = api.createConversation(alice, bob);
        try (WsClient a = open(alice); WsClient b = open(bob)) {
            for (int i = 0; i < 5; i++) {
                a.send("{\"type\":\"typing_start\",\"conversation_id\":" + conversation + "}");
            }
            assertEquals(JsonValue.TRUE, b.next().get("is_typing"));
            b.expectSilence(700);
        }
    }

    @Test
    void theServerSendsIsTypingFalseAfterSixSecondsWithoutARefresh() {
        long alice = Ids.user();
        long bob = Ids.user();
        long conversation = api.createConversation(alice, bob);
        try (WsClient a = open(alice); WsClient b = open(bob)) {
            a.send("{\"type\":\"typing\",\"conversation_id\":" + conversation + ",\"is_typing\":true}");
            assertEquals(JsonValue.TRUE, b.next().get("is_typing"));
            long started = System.nanoTime();
            JsonObject stop = b.next("typing", 10);
            long waited = (System.nanoTime() - started) / 1_000_000;
            assertEquals(JsonValue.FALSE, stop.get("is_typing"));
            assertTrue(waited > 4000, "expired after about 6 s, not at once: " + waited + " ms");
        }
    }

    @Test
    void typingStopsWhenTheTypersLastConnectionCloses() {
        long alice = Ids.user();
        long bob = Ids.user();
        long conversation = api.createConversation(alice, bob);
        try (WsClient b = open(bob)) {
            try (WsClient a = open(alice)) {
                a.send("{\"type\":\"typing\",\"conversation_id\":" + conversation + ",\"is_typing\":true}");
                assertEquals(JsonValue.TRUE, b.next().get("is_typing"));
            }
            JsonObject stop = b.next("typing", 3);
            assertEquals(JsonValue.FALSE, stop.get("is_typing"), "sent when alice disconnected, long before 6 s");
        }
    }

    @Test
    void aStrangersTypingIs4403AndReachesNobody() {
        long alice = Ids.user();
        long bob = Ids.user();
        long conversation = api.createConversation(alice, bob);
        try (WsClient b = open(bob); WsClient s = open(Ids.user())) {
            s.send("{\"type\":\"typing\",\"conversation_id\":" + conversation + ",\"is_typing\":true}");
            assertEquals(4403, s.next().getInt("code"));
            s.send("{\"type\":\"typing\",\"conversation_id\":" + conversation + ",\"is_typing\":\"yes\"}");
            assertEquals(4400, s.next().getInt("code"));
            b.expectSilence(300);
        }
    }

    @Test
    void theLegacyEndpointTypesAndReadsWithTheConversationFromItsPath() {
        long alice = Ids.user();
        long bob = Ids.user();
        long conversation = api.createConversation(alice, bob);
        long other = api.createConversation(alice, bob);
        try (WsClient legacy = WsClient.open(base, "/ws/chat/" + conversation + "/", TestTokens.valid(alice));
             WsClient b = open(bob)) {
            legacy.send("{\"type\":\"typing\",\"is_typing\":true}");
            JsonObject typing = b.next();
            assertEquals(conversation, typing.getJsonNumber("conversation_id").longValueExact());
            assertEquals(JsonValue.TRUE, typing.get("is_typing"));

            b.send("{\"type\":\"typing\",\"conversation_id\":" + other + ",\"is_typing\":true}");
            legacy.expectSilence(500); // typing of another conversation never reaches a /ws/chat/ client

            long id = send(b, conversation, "hi");
            assertEquals(id, legacy.next("TEXT").getJsonNumber("message_id").longValueExact());
            legacy.send("{\"type\":\"read\",\"message_id\":" + id + "}");
            JsonObject read = b.next("read");
            assertEquals(alice, read.getJsonNumber("user_id").longValueExact());
            assertEquals(conversation, read.getJsonNumber("conversation_id").longValueExact());
            assertEquals(alice, legacy.next("read").getJsonNumber("user_id").longValueExact());
        }
    }

    // ------------------------------------------------------------------ read receipts

    @Test
    void readReceiptsAreMonotonicBroadcastToAllParticipantsAndClearUnreadCounts() {
        long alice = Ids.user();
        long bob = Ids.user();
        long conversation = api.createConversation(alice, bob);
        try (WsClient a = open(alice); WsClient b = open(bob)) {
            long first = send(a, conversation, "one");
            b.next("TEXT");
            long second = send(a, conversation, "two");
            b.next("TEXT");
            assertEquals(2, unread(bob));

            b.send("{\"type\":\"read\",\"conversation_id\":" + conversation + ",\"message_id\":" + second + "}");
            for (WsClient client : new WsClient[] {a, b}) {
                JsonObject read = client.next("read");
                assertEquals(conversation, read.getJsonNumber("conversation_id").longValueExact());
                assertEquals(bob, read.getJsonNumber("user_id").longValueExact());
                assertEquals(second, read.getJsonNumber("message_id").longValueExact());
                assertTrue(TIMESTAMP.matcher(read.getString("read_at")).matches());
            }
            assertEquals(0, unread(bob));

            b.send("{\"type\":\"read\",\"conversation_id\":" + conversation + ",\"message_id\":" + first + "}");
            a.expectSilence(500);
            assertEquals(0, unread(bob), "an older id never moves the position back");

            send(a, conversation, "three");
            assertEquals(1, unread(bob));
            Api.Reply rest = api.post("/api/conversations/" + conversation + "/read/", TestTokens.valid(bob),
                    "{\"message_id\":" + (second + 1000000) + "}");
            assertEquals(404, rest.status(), "an unknown message");
        }
    }

    @Test
    void restReadAnswers204AndParticipantsGetTheReadFrame() {
        long alice = Ids.user();
        long bob = Ids.user();
        long conversation = api.createConversation(alice, bob);
        try (WsClient a = open(alice)) {
            long id = send(a, conversation, "hello");
            Api.Reply reply = api.post("/api/conversations/" + conversation + "/read/", TestTokens.valid(bob),
                    "{\"message_id\":" + id + "}");
            assertEquals(204, reply.status());
            assertEquals(bob, a.next("read").getJsonNumber("user_id").longValueExact());
            assertEquals(404, api.post("/api/conversations/" + conversation + "/read/", TestTokens.valid(Ids.user()),
                    "{\"message_id\":" + id + "}").status(), "a stranger");
        }
    }

    @Test
    void readingAMessageOfAnotherConversationIs4404() {
        long alice = Ids.user();
        long bob = Ids.user();
        long mine = api.createConversation(alice, bob);
        long other = api.createConversation(alice, Ids.user());
        try (WsClient a = open(alice); WsClient b = open(bob)) {
            long elsewhere = send(a, other, "elsewhere");
            b.send("{\"type\":\"read\",\"conversation_id\":" + mine + ",\"message_id\":" + elsewhere + "}");
            assertEquals(4404, b.next().getInt("code"));
        }
    }

    private int unread(long user) {
        return api.get("/api/conversations/", TestTokens.valid(user)).json().getJsonArray("results")
                .getJsonObject(0).getInt("unread_count");
    }

    // ------------------------------------------------------------------ edit and delete

    @Test
    void theAuthorEditsAMessageEveryParticipantIsToldAndHistoryShowsTheEdit() {
        long alice = Ids.user();
        long bob = Ids.user();
        long conversation = api.createConversation(alice, bob);
        try (WsClient a = open(alice); WsClient b = open(bob);
             WsClient legacy = WsClient.open(base, "/ws/chat/" + conversation + "/", TestTokens.valid(bob))) {
            long id = send(a, conversation, "helo");
            b.next("TEXT");
            legacy.next("TEXT");
            a.send("{\"type\":\"edit\",\"message_id\":" + id + ",\"message\":\"hello\"}");
            for (WsClient client : new WsClient[] {a, b, legacy}) {
                JsonObject updated = client.next("message_updated");
                assertEquals(conversation, updated.getJsonNumber("conversation_id").longValueExact());
                assertEquals(id, updated.getJsonNumber("message_id").longValueExact());
                assertEquals("hello", updated.getString("message"));
                assertTrue(TIMESTAMP.matcher(updated.getString("edited_at")).matches());
            }
            JsonObject stored = api.get("/api/conversations/" + conversation + "/messages/", TestTokens.valid(bob)).json()
                    .getJsonArray("results").getJsonObject(0);
            assertEquals("hello", stored.getString("message"));
            assertTrue(stored.containsKey("edited_at"));

            b.send("{\"type\":\"edit\",\"message_id\":" + id + ",\"message\":\"hacked\"}");
            JsonObject refused = b.next();
            assertEquals(4403, refused.getInt("code"), "only the author");
            a.send("{\"type\":\"edit\",\"message_id\":" + id + ",\"message\":\"\"}");
            assertEquals(4400, a.next().getInt("code"), "an empty edit");
            a.send("{\"type\":\"edit\",\"message_id\":999999999,\"message\":\"x\"}");
            assertEquals(4404, a.next().getInt("code"), "an unknown message");
        }
    }

    @Test
    void theAuthorDeletesAMessageItLeavesHistoryAndEveryoneIsTold() {
        long alice = Ids.user();
        long bob = Ids.user();
        long conversation = api.createConversation(alice, bob);
        try (WsClient a = open(alice); WsClient b = open(bob)) {
            long keep = send(a, conversation, "keep");
            b.next("TEXT");
            long gone = send(a, conversation, "oops");
            b.next("TEXT");
            b.send("{\"type\":\"delete\",\"message_id\":" + gone + "}");
            assertEquals(4403, b.next().getInt("code"), "only the author");

            a.send("{\"type\":\"delete\",\"message_id\":" + gone + "}");
            for (WsClient client : new WsClient[] {a, b}) {
                JsonObject deleted = client.next("message_deleted");
                assertEquals(gone, deleted.getJsonNumber("message_id").longValueExact());
                assertEquals(conversation, deleted.getJsonNumber("conversation_id").longValueExact());
            }
            var history = api.get("/api/conversations/" + conversation + "/messages/", TestTokens.valid(bob)).json()
                    .getJsonArray("results");
            assertEquals(1, history.size());
            assertEquals(keep, history.getJsonObject(0).getJsonNumber("message_id").longValueExact());
            JsonObject listed = api.get("/api/conversations/", TestTokens.valid(bob)).json().getJsonArray("results")
                    .getJsonObject(0);
            assertEquals(keep, listed.getJsonObject("last_message").getJsonNumber("message_id").longValueExact());
            a.send("{\"type\":\"delete\",\"message_id\":" + gone + "}");
            assertEquals(4404, a.next().getInt("code"), "already deleted");
        }
    }

    // ------------------------------------------------------------------ presence

    @Test
    void presenceGoesOnlyToUsersWhoShareAConversationAndPresenceListOnConnect() {
        long alice = Ids.user();
        long bob = Ids.user();
        long stranger = Ids.user();
        api.createConversation(alice, bob);
        try (WsClient b = WsClient.openWithPresence(base, INBOX, TestTokens.valid(bob));
             WsClient s = WsClient.openWithPresence(base, INBOX, TestTokens.valid(stranger))) {
            JsonObject bobsList = b.next("presence_list");
            assertEquals(1, bobsList.getJsonArray("users").size());
            assertEquals("offline", bobsList.getJsonArray("users").getJsonObject(0).getString("status"));
            s.next("presence_list");
            try (WsClient a = WsClient.openWithPresence(base, INBOX, TestTokens.valid(alice))) {
                JsonObject list = a.next("presence_list");
                JsonObject bobEntry = list.getJsonArray("users").getJsonObject(0);
                assertEquals(bob, bobEntry.getJsonNumber("user_id").longValueExact());
                assertEquals("online", bobEntry.getString("status"));
                JsonObject online = b.next("presence");
                assertEquals(alice, online.getJsonNumber("user_id").longValueExact());
                assertEquals("online", online.getString("status"));
                assertTrue(TIMESTAMP.matcher(online.getString("last_seen_at")).matches());
                s.expectSilence(300);
            }
            JsonObject offline = b.next("presence", 10);
            assertEquals("offline", offline.getString("status"), "after the grace period");
            assertEquals(alice, offline.getJsonNumber("user_id").longValueExact());
            s.expectSilence(100);
        }
    }

    @Test
    void closingOneOfTwoTabsOrAQuickReconnectDoesNotFlapPresence() {
        long alice = Ids.user();
        long bob = Ids.user();
        api.createConversation(alice, bob);
        try (WsClient b = WsClient.openWithPresence(base, INBOX, TestTokens.valid(bob))) {
            b.next("presence_list");
            WsClient tab1 = open(alice);
            WsClient tab2 = open(alice);
            assertEquals("online", b.next("presence").getString("status"));
            tab1.close();
            tab2.close();
            try (WsClient again = open(alice)) { // a reload within the grace period
                b.expectSilence(7000);
                assertFalse(again.drain().stream().anyMatch(f -> "error".equals(f.getString("type"))));
            }
            assertEquals("offline", b.next("presence", 10).getString("status"));
        }
    }

    @Test
    void clientsCannotSetTheirStatus() {
        try (WsClient a = open(Ids.user())) {
            a.send("{\"type\":\"presence\",\"status\":\"offline\"}");
            assertEquals(4400, a.next().getInt("code"));
        }
    }
}
