package io.inbox.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inbox.testing.Api;
import io.inbox.testing.Ids;
import io.inbox.testing.TestTokens;
import io.inbox.testing.WsClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Drop-in for the legacy Django Channels backend: {@code /ws/chat/{id}/}, simplejwt tokens, every token
 * source, origin checks, and the legacy frontend's own checklist. The test server is configured with the
 * TEST-ONLY legacy secret, cookie {@code inbox_token} and allowed hosts {@code .example.com,app.test}.
 */
class LegacyCompatibilityIT extends ServerIT {
    private static final String INBOX = "/ws/inbox/";

    private static String chat(long conversationId) {
        return "/ws/chat/" + conversationId + "/";
    }

    private static String text(long conversationId, String message) {
        return "{\"type\":\"TEXT\",\"conversation_id\":" + conversationId + ",\"message\":\"" + message + "\"}";
    }

    // ------------------------------------------------------------------ /ws/chat/{id}/

    @Test
    void legacyAndInboxClientsOfOneConversationTalkBothWaysEachWithItsOwnEcho() {
        long alice = Ids.user();
        long bob = Ids.user();
        long conversation = api.createConversation(alice, bob);
        try (WsClient legacy = WsClient.open(base, chat(conversation), TestTokens.valid(alice));
             WsClient inbox = WsClient.open(base, INBOX, TestTokens.valid(bob))) {
            legacy.send("{\"type\":\"TEXT\",\"message\":\"from legacy\",\"client_id\":\"l-1\"}");
            JsonObject atInbox = inbox.next("TEXT");
            assertEquals("from legacy", atInbox.getString("message"));
            assertEquals(conversation, atInbox.getJsonNumber("conversation_id").longValueExact());
            JsonObject echo = legacy.next("TEXT");
            assertEquals("l-1", echo.getString("client_id"));
            assertEquals(conversation, echo.getJsonNumber("conversation_id").longValueExact());

            inbox.send(text(conversation, "from inbox"));
            assertEquals("from inbox", legacy.next("TEXT").getString("message"));
            assertEquals("from inbox", inbox.next("TEXT").getString("message"));
        }
    }

    @Test
    void chatConnectionCarriesOnlyItsConversation() {
        long alice = Ids.user();
        long bob = Ids.user();
        long first = api.createConversation(alice, bob);
        long second = api.createConversation(alice, bob);
        try (WsClient legacy = WsClient.open(base, chat(first), TestTokens.valid(bob));
             WsClient a = WsClient.open(base, INBOX, TestTokens.valid(alice))) {
            a.send(text(second, "elsewhere"));
            a.next("TEXT");
            long third = api.createConversation(alice, bob);
            a.next("conversation_created");
            a.send(text(first, "here"));
            JsonObject m = legacy.next();
            assertEquals("here", m.getString("message"), "neither the other conversation nor conversation_created: " + m);
            assertEquals(first, m.getJsonNumber("conversation_id").longValueExact());
            legacy.expectSilence(300);
            assertTrue(third > 0);
        }
    }

    @Test
    void aDifferentConversationIdOnAChatConnectionIs4400() {
        long alice = Ids.user();
        long bob = Ids.user();
        long first = api.createConversation(alice, bob);
        long second = api.createConversation(alice, bob);
        try (WsClient legacy = WsClient.open(base, chat(first), TestTokens.valid(alice));
             WsClient b = WsClient.open(base, INBOX, TestTokens.valid(bob))) {
            legacy.send("{\"type\":\"TEXT\",\"conversation_id\":" + second + ",\"message\":\"wrong room\",\"client_id\":\"w-1\"}");
            JsonObject error = legacy.next();
            assertEquals(4400, error.getInt("code"));
            assertEquals("w-1", error.getString("client_id"));
            legacy.send("{\"type\":\"TEXT\",\"conversation_id\":" + first + ",\"message\":\"right room\"}");
            assertEquals("right room", legacy.next().getString("message"));
            assertEquals("right room", b.next("TEXT").getString("message"), "only the valid one was stored");
            b.expectSilence(300);
        }
    }

    @Test
    void olderClientsFrameWithoutTypeIsATextOnTheChatEndpoint() {
        long alice = Ids.user();
        long conversation = api.createConversation(alice, Ids.user());
        try (WsClient legacy = WsClient.open(base, chat(conversation), TestTokens.valid(alice))) {
            legacy.send("{\"message\":\"tutorial style\"}");
            assertEquals("tutorial style", legacy.next().getString("message"));
        }
        try (WsClient inbox = WsClient.open(base, INBOX, TestTokens.valid(alice))) {
            inbox.send("{\"conversation_id\":" + conversation + ",\"message\":\"no type\"}");
            assertEquals(4400, inbox.next().getInt("code"), "the inbox endpoint keeps requiring a type");
        }
    }

    @Test
    void strangerUnknownAndMalformedConversationsAreClosedWith4403() {
        long alice = Ids.user();
        long conversation = api.createConversation(alice, Ids.user());
        String stranger = TestTokens.valid(Ids.user());
        for (String path : new String[] {chat(conversation), chat(999_999_999L), "/ws/chat/abc/", "/ws/chat/-4/"}) {
            try (WsClient ws = WsClient.connect(base, path, stranger)) {
                assertEquals(4403, ws.awaitClose().code(), path);
            }
        }
        try (WsClient ws = WsClient.connect(base, chat(conversation), "garbage")) {
            assertEquals(4401, ws.awaitClose().code(), "a bad token is 4401 before any conversation check");
        }
    }

    @Test
    @Tag(ServerTags.CHAT_PATH_WITHOUT_SLASH)
    void chatPathWithoutTrailingSlashIsServed() {
        long alice = Ids.user();
        long conversation = api.createConversation(alice, Ids.user());
        try (WsClient legacy = WsClient.open(base, "/ws/chat/" + conversation, TestTokens.valid(alice))) {
            legacy.send("{\"type\":\"TEXT\",\"message\":\"no slash\"}");
            assertEquals("no slash", legacy.next().getString("message"));
        }
    }

    // ------------------------------------------------------------------ legacy (simplejwt) tokens

    @Test
    void simplejwtAccessTokensWithIntegerOrStringUserIdAreAccepted() {
        long numeric = Ids.user();
        long textual = Ids.user();
        try (WsClient a = WsClient.connect(base, INBOX, TestTokens.legacy(numeric));
             WsClient b = WsClient.connect(base, INBOX,
                     TestTokens.legacy(Long.toString(textual), "access", Duration.ofMinutes(5), TestTokens.LEGACY_SECRET))) {
            assertEquals(numeric, a.next().getJsonNumber("user_id").longValueExact());
            assertEquals(textual, b.next().getJsonNumber("user_id").longValueExact());
        }
        Api.Reply me = api.get("/api/me/", TestTokens.legacy(numeric));
        assertEquals(200, me.status());
        assertEquals(numeric, me.json().getJsonNumber("id").longValueExact());
    }

    @Test
    void refusedSimplejwtShapesAreClosedWith4401() {
        long user = Ids.user();
        String[][] refused = {
                {"refresh token", TestTokens.legacy(user, "refresh", Duration.ofDays(1), TestTokens.LEGACY_SECRET)},
                {"no token_type", TestTokens.legacy(user, null, Duration.ofMinutes(5), TestTokens.LEGACY_SECRET)},
                {"expired", TestTokens.legacy(user, "access", Duration.ofMinutes(-5), TestTokens.LEGACY_SECRET)},
                {"wrong secret", TestTokens.legacy(user, "access", Duration.ofMinutes(5), "another-django-secret-key-0123456789")},
                {"no user_id", TestTokens.legacy(null, "access", Duration.ofMinutes(5), TestTokens.LEGACY_SECRET)},
                {"non-numeric user_id", TestTokens.legacy("alice", "access", Duration.ofMinutes(5), TestTokens.LEGACY_SECRET)},
        };
        for (String[] bad : refused) {
            try (WsClient ws = WsClient.connect(base, INBOX, bad[1])) {
                assertEquals(4401, ws.awaitClose().code(), bad[0]);
            }
            assertEquals(401, api.get("/api/me/", bad[1]).status(), bad[0]);
        }
    }

    @Test
    void legacyAndMicroProfileTokensWorkSideBySide() {
        long alice = Ids.user();
        long bob = Ids.user();
        long conversation = api.createConversation(alice, bob);
        try (WsClient a = WsClient.open(base, INBOX, TestTokens.legacy(alice));
             WsClient b = WsClient.open(base, INBOX, TestTokens.valid(bob))) {
            a.send(text(conversation, "legacy to rs256"));
            assertEquals("legacy to rs256", b.next("TEXT").getString("message"));
        }
    }

    // ------------------------------------------------------------------ token sources

    @Test
    void tokenFromTheConfiguredCookie() {
        long alice = Ids.user();
        try (WsClient ws = WsClient.connect(base, INBOX,
                b -> b.header("Cookie", "csrftoken=abc; inbox_token=" + TestTokens.valid(alice)))) {
            assertEquals(alice, ws.next().getJsonNumber("user_id").longValueExact());
        }
        try (WsClient ws = WsClient.connect(base, INBOX, b -> b.header("Cookie", "other=" + TestTokens.valid(alice)))) {
            assertEquals(4401, ws.awaitClose().code(), "only the configured cookie is read");
        }
    }

    @Test
    void tokenFromTheBearerSubprotocolWithBearerEchoed() {
        long alice = Ids.user();
        try (WsClient ws = WsClient.connect(base, INBOX, b -> b.subprotocols("bearer", TestTokens.valid(alice)))) {
            assertEquals(alice, ws.next().getJsonNumber("user_id").longValueExact());
            assertEquals("bearer", ws.subprotocol(), "Chrome fails the handshake unless bearer is echoed");
        }
    }

    // ------------------------------------------------------------------ origin allow-list

    @Test
    void allowedOriginsFollowDjangoAllowedHostsSemantics() {
        long alice = Ids.user();
        for (String origin : new String[] {"https://app.test", "https://example.com", "https://chat.example.com:8443",
                "http://deep.sub.example.com"}) {
            try (WsClient ws = WsClient.connect(base, INBOX, b -> b.header("Origin", origin)
                    .header("Authorization", "Bearer " + TestTokens.valid(alice)))) {
                assertEquals("connection_established", ws.next().getString("type"), origin);
            }
        }
    }

    @Test
    void disallowedOriginIsRefusedWithHttp403AtTheHandshake() {
        String token = TestTokens.valid(Ids.user());
        for (String origin : new String[] {"https://evil.test", "https://example.com.evil.test", "https://app.test.evil.test",
                "null"}) {
            assertEquals(403, WsClient.refusedHandshakeStatus(base, INBOX + "?token=" + token, b -> b.header("Origin", origin)),
                    origin);
        }
        long alice = Ids.user();
        long conversation = api.createConversation(alice, Ids.user());
        assertEquals(403, WsClient.refusedHandshakeStatus(base, chat(conversation) + "?token=" + TestTokens.valid(alice),
                b -> b.header("Origin", "https://evil.test")), "the legacy endpoint too");
    }

    // ------------------------------------------------------------------ the legacy frontend's checklist

    @Test
    void oneSocketCarriesSeveralConversationsRoutedRightAndSurvivesSwitches() {
        long alice = Ids.user();
        long bob = Ids.user();
        long carol = Ids.user();
        long withBob = api.createConversation(bob, alice);
        long withCarol = api.createConversation(carol, alice);
        try (WsClient a = WsClient.open(base, INBOX, TestTokens.valid(alice));
             WsClient b = WsClient.open(base, INBOX, TestTokens.valid(bob));
             WsClient c = WsClient.open(base, INBOX, TestTokens.valid(carol))) {
            // "switching" conversations in the UI is only a different conversation_id on the same socket
            for (int round = 0; round < 3; round++) {
                a.send(text(withBob, "bob " + round));
                a.send(text(withCarol, "carol " + round));
                JsonObject atBob = b.next("TEXT");
                JsonObject atCarol = c.next("TEXT");
                assertEquals(withBob, atBob.getJsonNumber("conversation_id").longValueExact());
                assertEquals("bob " + round, atBob.getString("message"));
                assertEquals(withCarol, atCarol.getJsonNumber("conversation_id").longValueExact());
                assertEquals("carol " + round, atCarol.getString("message"));
                b.send(text(withBob, "reply " + round));
                assertEquals("reply " + round, b.next("TEXT").getString("message"), "bob's own echo");
                Set<Long> seen = new HashSet<>();
                for (int i = 0; i < 3; i++) {
                    seen.add(a.next("TEXT").getJsonNumber("conversation_id").longValueExact());
                }
                assertEquals(Set.of(withBob, withCarol), seen);
            }
            assertTrue(a.isOpen(), "the one socket survived every switch");
        }
    }

    @Test
    void afterReconnectTheUserStillReceivesAllConversations() {
        long alice = Ids.user();
        long bob = Ids.user();
        long first = api.createConversation(bob, alice);
        long second = api.createConversation(bob, alice);
        try (WsClient a = WsClient.open(base, INBOX, TestTokens.valid(alice))) {
            a.send(text(first, "before"));
            a.next("TEXT");
        }
        try (WsClient again = WsClient.open(base, INBOX, TestTokens.valid(alice));
             WsClient b = WsClient.open(base, INBOX, TestTokens.valid(bob))) {
            b.send(text(first, "one"));
            b.send(text(second, "two"));
            assertEquals(first, again.next("TEXT").getJsonNumber("conversation_id").longValueExact());
            assertEquals(second, again.next("TEXT").getJsonNumber("conversation_id").longValueExact());
        }
    }

    @Test
    void anErrorInOneConversationDoesNotAffectTheOthers() {
        long alice = Ids.user();
        long bob = Ids.user();
        long good = api.createConversation(bob, alice);
        long foreign = api.createConversation(bob, Ids.user());
        try (WsClient a = WsClient.open(base, INBOX, TestTokens.valid(alice));
             WsClient b = WsClient.open(base, INBOX, TestTokens.valid(bob))) {
            a.send(text(foreign, "not mine"));
            assertEquals(4403, a.next().getInt("code"));
            a.send("{\"type\":\"TEXT\",\"conversation_id\":" + good + ",\"message\":\"\"}");
            assertEquals(4400, a.next().getInt("code"));
            a.send(text(good, "fine"));
            assertEquals("fine", a.next().getString("message"));
            assertEquals("fine", b.next("TEXT").getString("message"));
        }
    }
}
