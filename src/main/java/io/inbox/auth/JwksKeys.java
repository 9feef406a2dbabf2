package io.inbox.auth;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import org.jose4j.http.Get;
import org.jose4j.http.SimpleGet;
import org.jose4j.http.SimpleResponse;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * The signing keys an identity provider publishes as a JWK Set at a URL, fetched and cached by jose4j's
 * {@link HttpsJwks}: a token's key is chosen by its {@code kid}; the set is fetched again when its lifetime ends
 * ({@code Cache-Control: max-age} or {@code Expires} of the answer, else {@link JwksSettings#cacheDuration()}) and
 * when a token names a {@code kid} the set does not hold, at most once per {@link JwksSettings#minRefreshInterval()};
 * when the provider does not answer, the keys already known stay in use ({@link JwksSettings#retainOnError()}). So
 * a key rotation at the provider needs no restart: tokens of a new key work at once, those of the old key until
 * it leaves the set.
 *
 * <p>Around jose4j's HTTP GET sits a watch that pauses fetching for {@link JwksSettings#minRefreshInterval()} after a
 * failure (so neither a stream of tokens with made-up key ids nor a provider outage turns into a stream of requests
 * that each wait for the timeouts) and logs once when the provider stops answering, when it answers again and when
 * the set of key ids changes. Thread-safe; never logs a token.
 */
public final class JwksKeys {
    private static final Logger LOG = Logger.getLogger(JwksKeys.class.getName());

    private final JwksSettings settings;
    private final WatchedGet watch;
    private final HttpsJwks jwks;
    private final HttpsJwksVerificationKeyResolver resolver;

    /** Keys fetched from {@code settings.location()} with jose4j's own HTTP client (no fetch before {@link #load()}). */
    public JwksKeys(JwksSettings settings) {
        this.settings = settings;
        this.watch = new WatchedGet(httpClient(settings));
        this.jwks = new HttpsJwks(settings.location().toString());
        jwks.setSimpleHttpGet(watch);
        jwks.setDefaultCacheDuration(settings.cacheDuration().toSeconds());
        jwks.setRefreshReprieveThreshold(settings.minRefreshInterval().toMillis());
        jwks.setRetainCacheOnErrorDuration(settings.retainOnError().toSeconds());
        this.resolver = new HttpsJwksVerificationKeyResolver(jwks);
        resolver.setDisambiguateWithVerifySignature(true); // a token without kid: the key whose signature matches
    }

    private static SimpleGet httpClient(JwksSettings settings) {
        Get get = new Get();
        get.setConnectTimeout(Math.toIntExact(settings.connectTimeout().toMillis()));
        get.setReadTimeout(Math.toIntExact(settings.readTimeout().toMillis()));
        get.setRetries(0); // a failed fetch is retried by the next refresh, never while a request waits
        return get;
    }

    public JwksSettings settings() {
        return settings;
    }

    /** Chooses a token's verification key from the set (RSA for RS256, EC P-256 for ES256). */
    public VerificationKeyResolver resolver() {
        return resolver;
    }

    /** Whether the set has been fetched at least once (its keys, or the last ones known, are in use). */
    public boolean loaded() {
        return watch.fetched;
    }

    /**
     * Fetches the set unless it was fetched within {@link JwksSettings#minRefreshInterval()}: the first fetch at
     * startup, and the retries while none has succeeded. Failures are logged by the watch, not thrown.
     *
     * @return whether the set has been fetched (now or before)
     */
    public boolean load() {
        try {
            jwks.refresh();
        } catch (IOException | JoseException e) {
            // logged once by the watch; the caller retries
        }
        return loaded();
    }

    /** jose4j's GET, paused after a failure, logging changes of state and of the key ids. */
    private final class WatchedGet implements SimpleGet {
        private final SimpleGet http;
        private volatile boolean fetched;
        private int failures;
        private long failedAtNanos;
        private List<String> keyIds = List.of();

        WatchedGet(SimpleGet http) {
            this.http = http;
        }

        @Override
        public synchronized SimpleResponse get(String location) throws IOException {
            if (failures > 0 && System.nanoTime() - failedAtNanos < settings.minRefreshInterval().toNanos()) {
                throw new IOException("not fetched: the last attempt failed less than "
                        + settings.minRefreshInterval().toSeconds() + " s ago");
            }
            SimpleResponse response;
            List<String> found;
            try {
                response = http.get(location);
                found = keyIds(response.getBody());
            } catch (IOException | RuntimeException e) {
                failed(e);
                throw e instanceof IOException io ? io : new IOException(e.toString(), e);
            }
            succeeded(found);
            return response;
        }

        private void failed(Exception e) {
            failures++;
            failedAtNanos = System.nanoTime();
            long pause = settings.minRefreshInterval().toSeconds();
            if (failures > 1) {
                LOG.fine(() -> "JWKS at " + settings.location() + " still does not answer (" + failures + " attempts): " + e);
            } else if (fetched) {
                LOG.warning("JWKS at " + settings.location() + " does not answer (" + e + "). The keys already known "
                        + keyIds + " stay in use; a token signed by any other key is refused until it answers again "
                        + "(next attempt when the cached set expires or a token names an unknown key id"
                        + (pause > 0 ? ", at most every " + pause + " s)" : ")"));
            } else {
                LOG.warning("JWKS at " + settings.location() + " cannot be fetched (" + e + "). No RS256/ES256 token can "
                        + "be verified until it is: handshakes and API calls are answered 503 and /health/ready is down; "
                        + "retrying every " + Math.max(pause, 1) + " s");
            }
        }

        private void succeeded(List<String> found) {
            if (!fetched) {
                LOG.info("JWKS at " + settings.location() + " fetched" + (failures > 0 ? " after " + failures + " failed attempts" : "")
                        + ": keys " + found);
            } else if (failures > 0) {
                LOG.info("JWKS at " + settings.location() + " answers again after " + failures + " failed attempts: keys " + found
                        + (found.equals(keyIds) ? "" : " (were " + keyIds + ")"));
            } else if (!found.equals(keyIds)) {
                LOG.info("JWKS at " + settings.location() + " changed: keys " + found + " (were " + keyIds + ")");
            }
            if (found.isEmpty()) {
                LOG.warning("JWKS at " + settings.location() + " holds no RSA or EC signing key: every RS256/ES256 token is refused");
            }
            keyIds = found;
            failures = 0;
            fetched = true;
        }
    }

    /** The key ids of the RSA and EC signing keys of a JWK Set ({@code "(no kid)"} for a key without one). */
    private static List<String> keyIds(String body) throws IOException {
        List<JsonWebKey> keys;
        try {
            keys = new JsonWebKeySet(body).getJsonWebKeys();
        } catch (JoseException | RuntimeException e) {
            throw new IOException("the answer is not a JWK Set: " + e.getMessage(), e);
        }
        List<String> ids = new ArrayList<>();
        for (JsonWebKey key : keys) {
            if ((key instanceof RsaJsonWebKey || key instanceof EllipticCurveJsonWebKey) && !"enc".equals(key.getUse())) {
                ids.add(key.getKeyId() == null ? "(no kid)" : key.getKeyId());
            }
        }
        return List.copyOf(ids);
    }
}
