package io.inbox.websocket;

import io.inbox.auth.AuthStatus;
import io.inbox.auth.Authenticator;
import io.inbox.auth.TokenSources;
import io.inbox.auth.Verification;
import io.inbox.connection.ServerState;
import io.inbox.monitoring.InboxMetrics;
import io.inbox.platform.ServerExecutors;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import java.io.IOException;
import java.security.Principal;
import java.util.Collections;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

/**
 * Runs before the WebSocket container on every upgrade request under {@code /ws/}: refuses every handshake with
 * HTTP 503 until the application has started, while the server shuts down or cannot authenticate anyone ({@link AuthStatus}: no verification key
 * configured, or the identity provider's keys not fetched yet), refuses a disallowed
 * {@code Origin} with HTTP 403, reads and verifies the token once, and (with
 * {@code inbox.auth.refuse-before-accept}) refuses a bad token with HTTP 403 too. Otherwise it hands the
 * verification outcome to {@link HandshakeConfigurator} as the request's principal. On Tyrus it also puts
 * {@link FrameSizeGuard} between the connection and Tyrus (frames over the size limit are refused unread).
 */
@WebFilter(urlPatterns = "/ws/*", asyncSupported = true)
public class HandshakeFilter extends HttpFilter {
    private static final Logger LOG = Logger.getLogger(HandshakeFilter.class.getName());

    @Inject
    Authenticator authenticator;
    @Inject
    HandshakePolicy policy;
    @Inject
    ServerState state;
    @Inject
    InboxMetrics metrics;
    @Inject
    ServerExecutors executors;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        if (!state.started()) {
            metrics.handshake("refused", "http-503-starting");
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", "1");
            response.setContentLength(0);
            return;
        }
        if (!state.accepting()) {
            metrics.handshake("refused", "http-503-shutting-down");
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", "1");
            response.setContentLength(0);
            return;
        }
        AuthStatus auth = authenticator.status();
        if (!auth.serving()) {
            // not accept + close: no close code of the protocol means "this server authenticates no one", and
            // 4401 would tell the client to drop a token that may be fine. 503 is what a stopping instance answers.
            metrics.handshake("refused", "http-503-" + auth.label());
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            if (auth == AuthStatus.KEYS_PENDING) {
                response.setHeader("Retry-After", Long.toString(authenticator.retryAfter().toSeconds()));
            }
            response.setContentLength(0);
            return;
        }
        String origin = request.getHeader("Origin");
        if (!policy.originAllowed(origin, request.getHeader("Host"))) {
            LOG.info(() -> "Refused handshake on " + request.getRequestURI() + ": origin not allowed");
            metrics.handshake("refused", "http-403-origin");
            deny(response);
            return;
        }
        String token = TokenSources.find(name -> Collections.list(request.getHeaders(name)),
                request::getParameter, policy.cookieName());
        Verification verification = authenticator.verify(token);
        if (verification instanceof Verification.Refused refused && policy.refuseBeforeAccept()) {
            LOG.info(() -> "Refused handshake on " + request.getRequestURI() + ": " + refused.reason().description());
            metrics.handshake("refused", "http-403-token");
            deny(response);
            return;
        }
        chain.doFilter(new VerifiedRequest(request, new HandshakePrincipal(verification, request.getRemoteAddr()),
                policy.maxFrameBytes(), executors.scheduler()), response);
    }

    /**
     * What a Django Channels consumer that closes before accept answers (Daphne: 403 "Access denied",
     * no body), as far as a servlet container lets us: status 403, empty body, connection closed.
     */
    private static void deny(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setHeader("Connection", "close");
        response.setContentLength(0);
        response.flushBuffer();
    }

    /**
     * The verification outcome and the client's address, carried to the WebSocket configurator as the
     * handshake's principal (the WebSocket API does not tell the client's address).
     */
    record HandshakePrincipal(Verification verification, String remoteAddress) implements Principal {
        @Override
        public String getName() {
            return verification instanceof Verification.Valid valid ? Long.toString(valid.identity().userId()) : "";
        }
    }

    private static final class VerifiedRequest extends HttpServletRequestWrapper {
        private final HandshakePrincipal principal;
        private final int maxFrameBytes;
        private final ScheduledExecutorService scheduler;

        VerifiedRequest(HttpServletRequest request, HandshakePrincipal principal, int maxFrameBytes,
                        ScheduledExecutorService scheduler) {
            super(request);
            this.principal = principal;
            this.maxFrameBytes = maxFrameBytes;
            this.scheduler = scheduler;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        /**
         * The local address, never a host name: Tyrus asks for the local name on every upgrade, and the container
         * answers it with a reverse DNS lookup of the server's own address, which held handshakes for the
         * resolver's 5 s timeout whenever the DNS server did not answer (seen here about once in a thousand).
         */
        @Override
        public String getLocalName() {
            return getLocalAddr();
        }

        /** The WebSocket runtime upgrading this request: Tyrus' handler gets the frame size guard. */
        @Override
        public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws IOException, ServletException {
            return FrameSizeGuard.upgrade((HttpServletRequest) getRequest(), handlerClass, maxFrameBytes, scheduler);
        }
    }
}
