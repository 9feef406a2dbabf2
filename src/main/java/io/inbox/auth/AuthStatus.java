package io.inbox.auth;

/**
 * Whether this server can authenticate anyone right now. Only {@link #CONFIGURED} and {@link #DEV_MODE} serve;
 * otherwise every handshake and API call is answered 503 (never 401: the caller's token is not the problem) and
 * readiness is down.
 */
public enum AuthStatus {
    /** Verification keys are configured (and, for a JWKS URL, fetched): tokens are verified. */
    CONFIGURED("configured", true,
            "OK"),
    /** No verification key and {@code inbox.dev-mode=true}: the server signs and accepts its own dev tokens. */
    DEV_MODE("dev-mode", true,
            "OK"),
    /** A JWKS URL is configured but has not been fetched yet; retried in the background. */
    KEYS_PENDING("keys-pending", false,
            "This server cannot verify tokens yet: the identity provider's keys have not been fetched. Retry later."),
    /** No usable verification key and no dev mode: the server refuses everything until its configuration changes. */
    NOT_CONFIGURED("not-configured", false,
            "This server is not configured for authentication: its operator must set a token verification key "
                    + "(the server log says what to set).");

    private final String label;
    private final boolean serving;
    private final String detail;

    AuthStatus(String label, boolean serving, String detail) {
        this.label = label;
        this.serving = serving;
        this.detail = detail;
    }

    /** A short name for readiness data and metrics ({@code not-configured}). */
    public String label() {
        return label;
    }

    /** Whether handshakes and API calls are served. */
    public boolean serving() {
        return serving;
    }

    /** What a refused client is told ({@code {"detail": ...}}): never a key, path or URL. */
    public String detail() {
        return detail;
    }
}
