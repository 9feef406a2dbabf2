package io.inbox.connection;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Cross-site WebSocket hijacking protection with Django {@code ALLOWED_HOSTS} semantics, as Channels'
 * {@code AllowedHostsOriginValidator} applies them to the {@code Origin} header: an entry is an exact host
 * ({@code app.example.com}), a subdomain wildcard ({@code .example.com} matches example.com and every
 * subdomain) or {@code *}. Ports are ignored, as Django does. A missing Origin (native clients, wscat) is
 * allowed unless configured otherwise; the literal {@code null} origin never is.
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
        if (origin == null || origin.isBlank()) {
            return allowMissing;
        }
        String host = host(origin.trim());
        if (host == null) {
            return false;
        }
        for (String pattern : allowedHosts) {
            if (pattern.equals("*") || pattern.equals(host)
                    || (pattern.startsWith(".") && (host.endsWith(pattern) || host.equals(pattern.substring(1))))) {
                return true;
            }
        }
        return false;
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
