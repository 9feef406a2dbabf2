package io.inbox.websocket;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The handshake's configurable rules: allowed origins, the token cookie, and how bad tokens are refused. */
@ApplicationScoped
public class HandshakePolicy {

    /** Django ALLOWED_HOSTS-style list of allowed Origin hosts ({@code host}, {@code .domain}, {@code *}). */
    @Inject
    @ConfigProperty(name = "inbox.origin.allowed-hosts", defaultValue = ".localhost,127.0.0.1,[::1]")
    List<String> allowedHosts;
    /** Whether a handshake without an Origin header (native clients, wscat) is allowed. */
    @Inject
    @ConfigProperty(name = "inbox.origin.allow-missing", defaultValue = "true")
    boolean allowMissingOrigin;
    /** The cookie a token may be read from; empty: none. */
    @Inject
    @ConfigProperty(name = "inbox.auth.cookie-name")
    Optional<String> cookieName;
    /**
     * Refuse bad tokens with HTTP 403 at the handshake (as a Django Channels consumer that closes before
     * accept) instead of accepting and closing with 4401.
     */
    @Inject
    @ConfigProperty(name = "inbox.auth.refuse-before-accept", defaultValue = "false")
    boolean refuseBeforeAccept;

    @Inject
    @ConfigProperty(name = "inbox.connection.max-frame-bytes", defaultValue = "65536")
    int maxFrameBytes;

    private OriginPolicy origins;

    @PostConstruct
    void init() {
        origins = new OriginPolicy(allowedHosts, allowMissingOrigin);
    }

    public boolean originAllowed(String origin, String requestHost) {
        return origins.allows(origin, requestHost);
    }

    public String cookieName() {
        return cookieName.orElse(null);
    }

    /** Largest client frame or message, in bytes (the same key as {@link WebSocketAdapter}'s). */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public boolean refuseBeforeAccept() {
        return refuseBeforeAccept;
    }
}
