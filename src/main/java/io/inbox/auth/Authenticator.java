package io.inbox.auth;

import io.inbox.platform.ServerExecutors;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The one place tokens are checked, for WebSocket handshakes and REST alike. Decides its {@link AuthMode} from
 * MicroProfile Config when the application starts (not at the first request) and says so in one log line: configured
 * keys, dev mode (only with {@code inbox.dev-mode=true} and no key), or not serving at all. With a JWKS URL it fetches
 * the set at startup, and until that succeeds retries in the background while {@link #status()} is
 * {@link AuthStatus#KEYS_PENDING}.
 */
@ApplicationScoped
public class Authenticator {
    private static final Logger LOG = Logger.getLogger(Authenticator.class.getName());
    private static final Duration LEAST_RETRY_DELAY = Duration.ofSeconds(1);

    private ServerExecutors executors;
    private AuthMode mode;

    /** For the container's proxy. */
    protected Authenticator() {
    }

    @Inject
    public Authenticator(ServerExecutors executors) {
        this.executors = executors;
    }

    @PostConstruct
    void init() {
        mode = AuthMode.fromConfig(ConfigProvider.getConfig());
        LOG.log(mode.level(), mode.startupLine());
        mode.jwks().filter(keys -> keys.settings().plainHttpOverTheNetwork()).ifPresent(keys -> LOG.warning(
                "The JWKS at " + keys.settings().location() + " is fetched over plain http: anyone on the way can "
                        + "substitute keys and sign tokens for any user. Use https."));
    }

    /** Decides the mode when the application starts, and fetches the identity provider's keys (if any) then. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        mode.jwks().ifPresent(keys -> {
            if (!keys.load()) {
                retryLater(keys);
            }
        });
    }

    private void retryLater(JwksKeys keys) {
        long delay = Math.max(keys.settings().minRefreshInterval().toMillis(), LEAST_RETRY_DELAY.toMillis());
        try {
            executors.scheduler().schedule(() -> {
                if (!keys.load()) {
                    retryLater(keys);
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.fine(() -> "No JWKS retry scheduled (stopping): " + e);
        }
    }

    public Verification verify(String token) {
        return mode.verify(token);
    }

    /** Whether anyone can be authenticated now; when not, callers answer 503 with {@link AuthStatus#detail()}. */
    public AuthStatus status() {
        return mode.status();
    }

    /** The status for readiness data: its label, and when it does not serve, why (no secret, no key material). */
    public String statusDescription() {
        AuthStatus status = status();
        if (status.serving()) {
            return status.label();
        }
        String why = mode instanceof AuthMode.NotConfigured notConfigured ? notConfigured.reason()
                : "the JWKS at " + mode.jwks().map(keys -> keys.settings().location().toString()).orElse("?")
                        + " has not been fetched yet";
        return status.label() + ": " + why;
    }

    /** How long a client refused with {@link AuthStatus#KEYS_PENDING} should wait before it tries again. */
    public Duration retryAfter() {
        return mode.jwks().map(keys -> keys.settings().minRefreshInterval()).filter(d -> d.compareTo(LEAST_RETRY_DELAY) > 0)
                .orElse(LEAST_RETRY_DELAY);
    }

    public boolean devMode() {
        return mode.devKeys().isPresent();
    }

    /** A dev token, only in dev mode. */
    public Optional<String> devToken(long userId, String username, String name, String avatar, Duration ttl) {
        return mode.devKeys().map(keys -> keys.mint(userId, username, name, avatar, ttl));
    }
}
