package io.inbox.connection;

import io.inbox.auth.Authenticator;
import io.inbox.auth.TokenSources;
import io.inbox.auth.Verification;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Stores the handshake's token verification in the connection's user properties; a refused token is
 * answered after accept with close 4401 (see {@link ConnectionLifecycle}), so browsers can read the code.
 * The verification normally comes from {@link HandshakeFilter}; where the filter did not run, the token is
 * read and verified here. Echoes the {@code bearer} subprotocol when the client offered its token that way.
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {
    static final String VERIFICATION = "inbox.verification";

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Verification verification;
        if (request.getUserPrincipal() instanceof HandshakeFilter.HandshakePrincipal verified) {
            verification = verified.verification();
        } else {
            Map<String, List<String>> headers = request.getHeaders();
            String token = TokenSources.find(name -> header(headers, name), name -> first(request.getParameterMap(), name),
                    CDI.current().select(HandshakePolicy.class).get().cookieName());
            verification = CDI.current().select(Authenticator.class).get().verify(token);
        }
        config.getUserProperties().put(VERIFICATION, verification);
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
