package io.inbox.websocket;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Cross-site WebSocket hijacking protection with Django {@code ALLOWED_HOSTS} semantics, as Channels'
 * {@code AllowedHostsOriginValidator} applies them to the {@code Origin} header: an entry is an exact host
 * ({@code app.example.com}), a subdomain wildcard ({@code .example.com} matches example.com and every
 * subdomain) or {@code *}. Ports are ignored, as Django does. A missing Origin (native clients, wscat) is
 * allowed unless configured otherwise; the literal {@code null} origin never is. A page served by this
 * server itself (the console at {@code /}) is same-origin: its Origin names the host and port the request
 * was sent to, which a page of another site cannot make a browser send, so it is always allowed.
 */
public final class OriginPolicy {
    private final List<String> allowedHosts;
    private final boolean allowMissing;

    public OriginPolicy(List<String> allowedHosts, boolean allowMissing) {
        this.allowedHosts = allowedHosts.stream().map(String::trim).filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.allowMissing = allowMissing;
    }

    public boolean allows(String origin) {
        return allows(origin, null);
    }

    /** As {@link #allows(String)}; also true when the origin is this server's own ({@code requestHost}: the Host header). */
    public boolean allows(String origin, String requestHost) {
        if (origin == null || origin.isBlank()) {
            return allowMissing;
        }
        String host = host(origin.trim());
        if (host == null) {
            return false;
        }
        if (requestHost != null && sameOrigin(origin.trim(), requestHost)) {
            return true;
        }
        for (String pattern : allowedHosts) {
            if (pattern.equals("*") || pattern.equals(host)
                    || (pattern.startsWith(".") && (host.endsWith(pattern) || host.equals(pattern.substring(1))))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the origin's host and port are the request's Host header (port defaulting by scheme). */
    private static boolean sameOrigin(String origin, String requestHost) {
        try {
            URI from = new URI(origin);
            if (from.getHost() == null || from.getScheme() == null) {
                return false;
            }
            int defaultPort = from.getScheme().equalsIgnoreCase("https") ? 443 : 80;
            URI target = new URI(from.getScheme() + "://" + requestHost.trim());
            return target.getHost() != null && target.getHost().equalsIgnoreCase(from.getHost())
                    && (target.getPort() >= 0 ? target.getPort() : defaultPort)
                    == (from.getPort() >= 0 ? from.getPort() : defaultPort);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** The host of an origin such as {@code https://app.example.com:8443}, lower case; IPv6 keeps its brackets. */
    private static String host(String origin) {
        try {
            URI uri = new URI(origin);
            String host = uri.getHost();
            if (uri.getScheme() == null || host == null) {
                return null;
            }
            return host.toLowerCase(Locale.ROOT);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
