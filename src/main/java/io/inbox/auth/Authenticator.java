package io.inbox.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The one place tokens are checked, for WebSocket handshakes and REST alike. Built from MicroProfile
 * Config at startup; with no verification key configured it runs in dev mode with its own key pair.
 */
@ApplicationScoped
public class Authenticator {
    private static final Logger LOG = Logger.getLogger(Authenticator.class.getName());

    private TokenVerifier verifier;
    private DevKeys devKeys;

    @PostConstruct
    void init() {
        VerifierSettings settings = VerifierSettings.fromConfig(ConfigProvider.getConfig());
        if (settings.hasVerificationKey()) {
            devKeys = null;
            LOG.info("Token verification: configured keys; dev mode is off");
        } else {
            devKeys = new DevKeys();
            LOG.warning("DEV MODE: no verification key is configured (mp.jwt.verify.publickey[.location] or "
                    + "inbox.auth.legacy-secret), so this server signs and accepts its own dev tokens "
                    + "(GET /api/dev/token/?user_id=1). Never run it like this in production.");
        }
        verifier = new TokenVerifier(settings, devKeys);
    }

    public Verification verify(String token) {
        return verifier.verify(token);
    }

    public boolean devMode() {
        return devKeys != null;
    }

    /** A dev token, only in dev mode. */
    public Optional<String> devToken(long userId, String username, String name, String avatar, Duration ttl) {
        return devKeys == null ? Optional.empty() : Optional.of(devKeys.mint(userId, username, name, avatar, ttl));
    }
}
