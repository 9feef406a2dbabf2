package io.inbox.websocket;

import io.inbox.auth.Authenticator;
import io.inbox.auth.TokenSources;
import io.inbox.auth.Verification;
import io.inbox.connection.Admission;
import io.inbox.connection.ConnectionLifecycle;
import io.inbox.connection.Endpoints;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * The last step before the container answers 101: the handshake's token verification (normally done by
 * {@link HandshakeFilter}; where the filter did not run, read and verified here) becomes an {@link Admission}.
 * A valid one registers the connection for delivery right here, so that every message committed after the
 * 101 reaches the socket even if the client sends or expects before {@code connection_established}
 * (PROTOCOL: "No gap at connect"). A refused token is answered after accept with close 4401, so browsers can
 * read the code. Echoes the {@code bearer} subprotocol when the client offered its token that way. Where the filter
 * did not run, a server that cannot authenticate anyone (no key configured) refuses every token here like a bad one
 * (4401): closed all the same, but only the filter can answer 503.
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {
    static final String ADMISSION = "inbox.admission";
    private static final String CHAT_PREFIX = "/ws/chat/";

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Verification verification;
        String remoteAddress = null;
        if (request.getUserPrincipal() instanceof HandshakeFilter.HandshakePrincipal verified) {
            verification = verified.verification();
            remoteAddress = verified.remoteAddress();
        } else {
            Map<String, List<String>> headers = request.getHeaders();
            String token = TokenSources.find(name -> header(headers, name), name -> first(request.getParameterMap(), name),
                    CDI.current().select(HandshakePolicy.class).get().cookieName());
            verification = CDI.current().select(Authenticator.class).get().verify(token);
        }
        boolean chat = config.getPath().startsWith(CHAT_PREFIX);
        Admission admission = CDI.current().select(ConnectionLifecycle.class).get().admit(verification,
                chat ? Endpoints.CHAT : Endpoints.INBOX, chat ? conversationOf(request) : null, remoteAddress);
        config.getUserProperties().put(ADMISSION, admission);
    }

    /** The {@code {conversation_id}} of {@code .../ws/chat/{conversation_id}[/]} (the path may carry a context root). */
    static String conversationOf(HandshakeRequest request) {
        String path = request.getRequestURI().getRawPath();
        int start = path.lastIndexOf(CHAT_PREFIX);
        if (start < 0) {
            return "";
        }
        String rest = path.substring(start + CHAT_PREFIX.length());
        return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        for (String offer : requested) {
            if (TokenSources.BEARER_SUBPROTOCOL.equalsIgnoreCase(offer.trim())) {
                return TokenSources.BEARER_SUBPROTOCOL;
            }
        }
        return "";
    }

    private static List<String> header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey())) {
                return header.getValue();
            }
        }
        return List.of();
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
