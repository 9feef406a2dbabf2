package io.inbox.connection;

import io.inbox.auth.Authenticator;
import io.inbox.auth.Verification;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Authenticates the WebSocket handshake once: reads the token and stores the verification outcome in
 * the connection's user properties. A refused token is answered after accept with close 4401 (see
 * {@link ConnectionLifecycle}), so browsers can read the code.
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {
    static final String VERIFICATION = "inbox.verification";
    static final String REMOTE = "inbox.remote";

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        String token = token(request.getHeaders(), request.getParameterMap());
        Verification verification = CDI.current().select(Authenticator.class).get().verify(token);
        config.getUserProperties().put(VERIFICATION, verification);
    }

    /** The token from, in order: {@code Authorization: Bearer}, then the {@code token} query parameter. */
    static String token(Map<String, List<String>> headers, Map<String, List<String>> parameters) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if ("authorization".equalsIgnoreCase(header.getKey())) {
                for (String value : header.getValue()) {
                    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                        return value.substring(7).trim();
                    }
                }
            }
        }
        List<String> fromQuery = parameters.get("token");
        return fromQuery == null || fromQuery.isEmpty() ? null : fromQuery.get(0);
    }
}
