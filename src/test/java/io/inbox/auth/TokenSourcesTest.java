package io.inbox.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order and parsing of the handshake's token sources. */
class TokenSourcesTest {
    private final Map<String, List<String>> headers = new HashMap<>();
    private final Map<String, String> query = new HashMap<>();

    private String find(String cookieName) {
        return TokenSources.find(name -> headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()), query::get, cookieName);
    }

    @Test
    void authorizationHeaderComesFirst() {
        headers.put("authorization", List.of("Bearer from-header"));
        query.put("token", "from-query");
        headers.put("cookie", List.of("t=from-cookie"));
        assertEquals("from-header", find("t"));
    }

    @Test
    void thenTheQueryParameterThenTheCookieThenTheSubprotocol() {
        headers.put("sec-websocket-protocol", List.of("bearer, from-protocol"));
        assertEquals("from-protocol", find("t"));
        headers.put("cookie", List.of("a=1; t=\"from-cookie\"; b=2"));
        assertEquals("from-cookie", find("t"));
        query.put("token", "from-query");
        assertEquals("from-query", find("t"));
    }

    @Test
    void cookieIsReadOnlyWhenConfigured() {
        headers.put("cookie", List.of("t=from-cookie"));
        assertNull(find(null));
        assertNull(find(" "));
        assertNull(find("other"));
    }

    @Test
    void otherAuthorizationSchemesAndEmptyValuesAreIgnored() {
        headers.put("authorization", List.of("Basic dXNlcjpwYXNz", "Bearer "));
        query.put("token", "");
        assertNull(find(null));
    }

    @Test
    void subprotocolNeedsBearerFollowedByTheToken() {
        headers.put("sec-websocket-protocol", List.of("chat, v2"));
        assertNull(find(null));
        headers.put("sec-websocket-protocol", List.of("bearer"));
        assertNull(find(null));
        headers.put("sec-websocket-protocol", List.of("Bearer,tok.en.sig"));
        assertEquals("tok.en.sig", find(null));
    }
}
