package io.inbox.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;

/**
 * Where an identity provider publishes its signing keys (a JWKS URL, as Keycloak, Auth0, Okta, Cognito and
 * Azure AD do) and how inbox fetches them: timeouts, how long a fetched set is used, how often an unknown
 * {@code kid} may cause a refetch, and how long known keys are kept when the provider does not answer.
 *
 * @param location           the http(s) URL of the JWK Set
 * @param connectTimeout     longest wait for the connection to the provider
 * @param readTimeout        longest wait for its answer
 * @param cacheDuration      how long a fetched set is used when the answer names no lifetime
 *                           ({@code Cache-Control: max-age} or {@code Expires}, which are honoured)
 * @param minRefreshInterval a token naming an unknown {@code kid} refetches the set at most this often; also
 *                           the wait between attempts while the provider does not answer
 * @param retainOnError      after a failed refetch, the keys already known stay in use this long before the
 *                           next attempt (and again after each failed one)
 */
public record JwksSettings(URI location, Duration connectTimeout, Duration readTimeout, Duration cacheDuration,
                           Duration minRefreshInterval, Duration retainOnError) {

    /** Config key: connect timeout in milliseconds. */
    public static final String CONNECT_TIMEOUT_MILLIS = "inbox.auth.jwks.connect-timeout-millis";
    /** Config key: read timeout in milliseconds. */
    public static final String READ_TIMEOUT_MILLIS = "inbox.auth.jwks.read-timeout-millis";
    /** Config key: cache lifetime of a set whose answer names none, in seconds. */
    public static final String CACHE_SECONDS = "inbox.auth.jwks.cache-seconds";
    /** Config key: least time between two refetches caused by unknown key ids or failures, in seconds. */
    public static final String MIN_REFRESH_INTERVAL_SECONDS = "inbox.auth.jwks.min-refresh-interval-seconds";
    /** Config key: how long known keys stay in use after a failed refetch, in seconds. */
    public static final String RETAIN_ON_ERROR_SECONDS = "inbox.auth.jwks.retain-on-error-seconds";

    static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 2000;
    static final long DEFAULT_READ_TIMEOUT_MILLIS = 3000;
    static final long DEFAULT_CACHE_SECONDS = 600;
    static final long DEFAULT_MIN_REFRESH_INTERVAL_SECONDS = 10;
    static final long DEFAULT_RETAIN_ON_ERROR_SECONDS = 60;

    /** Requires every value; timeouts must be positive, the others not negative. */
    public JwksSettings {
        Objects.requireNonNull(location, "location");
        if (!isHttp(location.toString())) {
            throw new IllegalArgumentException("location must be an http or https URL");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requireNotNegative(cacheDuration, "cacheDuration");
        requireNotNegative(minRefreshInterval, "minRefreshInterval");
        requireNotNegative(retainOnError, "retainOnError");
    }

    /** The defaults for a location. */
    public static JwksSettings of(URI location) {
        return new JwksSettings(location, Duration.ofMillis(DEFAULT_CONNECT_TIMEOUT_MILLIS),
                Duration.ofMillis(DEFAULT_READ_TIMEOUT_MILLIS), Duration.ofSeconds(DEFAULT_CACHE_SECONDS),
                Duration.ofSeconds(DEFAULT_MIN_REFRESH_INTERVAL_SECONDS), Duration.ofSeconds(DEFAULT_RETAIN_ON_ERROR_SECONDS));
    }

    /** Whether a key location names a JWKS to fetch ({@code http:} or {@code https:}). */
    static boolean isHttp(String location) {
        String lower = location.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("http:") || lower.startsWith("https:");
    }

    /**
     * The settings for the JWKS at {@code location}, read from MicroProfile Config.
     *
     * @throws IllegalStateException naming the config key when the location is not a usable URL or a value is invalid
     */
    static JwksSettings fromConfig(Config config, String location) {
        URI uri;
        try {
            uri = new URI(location.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(VerifierSettings.PUBLIC_KEY_LOCATION + ": '" + location + "' is not a valid URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalStateException(VerifierSettings.PUBLIC_KEY_LOCATION + ": '" + location + "' names no host");
        }
        return new JwksSettings(uri,
                Duration.ofMillis(number(config, CONNECT_TIMEOUT_MILLIS, DEFAULT_CONNECT_TIMEOUT_MILLIS, 1)),
                Duration.ofMillis(number(config, READ_TIMEOUT_MILLIS, DEFAULT_READ_TIMEOUT_MILLIS, 1)),
                Duration.ofSeconds(number(config, CACHE_SECONDS, DEFAULT_CACHE_SECONDS, 0)),
                Duration.ofSeconds(number(config, MIN_REFRESH_INTERVAL_SECONDS, DEFAULT_MIN_REFRESH_INTERVAL_SECONDS, 0)),
                Duration.ofSeconds(number(config, RETAIN_ON_ERROR_SECONDS, DEFAULT_RETAIN_ON_ERROR_SECONDS, 0)));
    }

    /** Whether the keys travel without TLS to somewhere other than this machine. */
    public boolean plainHttpOverTheNetwork() {
        if (!"http".equalsIgnoreCase(location.getScheme())) {
            return false;
        }
        String host = location.getHost();
        return !(host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    private static long number(Config config, String key, long defaultValue, long minimum) {
        Optional<String> value = config.getOptionalValue(key, String.class).map(String::strip).filter(s -> !s.isEmpty());
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            long number = Long.parseLong(value.get());
            if (number >= minimum) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(key + " must be a whole number of at least " + minimum);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void requireNotNegative(Duration value, String name) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
