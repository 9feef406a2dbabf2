package io.inbox.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.websocket.server.HandshakeRequest;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conversation of a {@code /ws/chat/{id}/} handshake, read from its path before the 101. */
class HandshakeConfiguratorTest {

    private static HandshakeRequest at(String uri) {
        return new HandshakeRequest() {
            @Override
            public Map<String, List<String>> getHeaders() {
                return Map.of();
            }

            @Override
            public Principal getUserPrincipal() {
                return null;
            }

            @Override
            public URI getRequestURI() {
                return URI.create(uri);
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public Object getHttpSession() {
                return null;
            }

            @Override
            public Map<String, List<String>> getParameterMap() {
                return Map.of();
            }

            @Override
            public String getQueryString() {
                return null;
            }
        };
    }

    @Test
    void theConversationIsThePathSegmentAfterWsChatWithOrWithoutTheSlash() {
        assertEquals("42", HandshakeConfigurator.conversationOf(at("/ws/chat/42/")));
        assertEquals("42", HandshakeConfigurator.conversationOf(at("/ws/chat/42")));
        assertEquals("42", HandshakeConfigurator.conversationOf(at("/inbox/ws/chat/42/?token=x")), "under a context root");
    }

    @Test
    void anythingElseIsLeftForTheLifecycleToRefuse() {
        assertEquals("abc", HandshakeConfigurator.conversationOf(at("/ws/chat/abc/")));
        assertEquals("", HandshakeConfigurator.conversationOf(at("/ws/inbox/")));
    }
}
