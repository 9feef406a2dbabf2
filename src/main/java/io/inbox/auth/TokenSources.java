package io.inbox.auth;

import java.util.List;
import java.util.function.Function;

/**
 * Where a handshake's token is read from, in order: {@code Authorization: Bearer}, the {@code token} query
 * parameter, the configured cookie, and a {@code Sec-WebSocket-Protocol} offer of the form
 * {@code bearer, <token>}. Works on plain header and parameter lookups, so the servlet filter and the
 * WebSocket configurator read tokens identically.
 */
public final class TokenSources {
    /** The subprotocol name that carries a token in {@code Sec-WebSocket-Protocol}; the server echoes it. */
    public static final String BEARER_SUBPROTOCOL = "bearer";

    private TokenSources() {
    }

    /**
     * @param headers    all values of a header (case-insensitive name), never null
     * @param parameter  the first value of a query parameter, or null
     * @param cookieName the cookie to read, or null/blank for none
     * @return the token, or null when none was offered
     */
    public static String find(Function<String, List<String>> headers, Function<String, String> parameter,
                              String cookieName) {
        for (String value : headers.apply("Authorization")) {
            if (value.regionMatches(true, 0, "Bearer ", 0, 7) && !value.substring(7).isBlank()) {
                return value.substring(7).trim();
            }
        }
        String query = parameter.apply("token");
        if (query != null && !query.isBlank()) {
            return query;
        }
        if (cookieName != null && !cookieName.isBlank()) {
            for (String header : headers.apply("Cookie")) {
                String fromCookie = cookie(header, cookieName);
                if (fromCookie != null) {
                    return fromCookie;
                }
            }
        }
        for (String header : headers.apply("Sec-WebSocket-Protocol")) {
            String[] offers = header.split(",");
            for (int i = 0; i + 1 < offers.length; i++) {
                if (BEARER_SUBPROTOCOL.equalsIgnoreCase(offers[i].trim()) && !offers[i + 1].isBlank()) {
                    return offers[i + 1].trim();
                }
            }
        }
        return null;
    }

    private static String cookie(String header, String name) {
        for (String pair : header.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }
}
