package io.inbox.api;

import io.inbox.auth.AuthStatus;
import io.inbox.auth.Authenticator;
import io.inbox.auth.Identity;
import io.inbox.auth.Verification;
import io.inbox.user.Profile;
import io.inbox.user.UserService;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;

/**
 * Authenticates every REST call with the same verifier as the WebSocket handshake
 * ({@code Authorization: Bearer <jwt>}). Refused calls get 401 with {@code WWW-Authenticate: Bearer}. While the
 * server cannot authenticate anyone ({@link AuthStatus}: no verification key configured, or the identity provider's
 * keys not fetched yet) every call gets 503 {@code {"detail": ...}} instead: not a 401, which would tell the client
 * that its token is bad. {@link Public} calls pass (the dev token endpoint answers 404 outside dev mode).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthenticationFilter implements ContainerRequestFilter {

    @Inject
    Authenticator authenticator;
    @Inject
    UserService users;
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (isPublic()) {
            return;
        }
        AuthStatus auth = authenticator.status();
        if (!auth.serving()) {
            Response.ResponseBuilder refused = ErrorMappers.builder(Response.Status.SERVICE_UNAVAILABLE, auth.detail());
            if (auth == AuthStatus.KEYS_PENDING) {
                refused.header(HttpHeaders.RETRY_AFTER, authenticator.retryAfter().toSeconds());
            }
            request.abortWith(refused.build());
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        Verification verification = authenticator.verify(token);
        if (!(verification instanceof Verification.Valid valid)) {
            String detail = token == null ? "Authentication credentials were not provided."
                    : "Given token not valid for any token type";
            request.abortWith(ErrorMappers.builder(Response.Status.UNAUTHORIZED, detail)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"api\"").build());
            return;
        }
        Identity identity = valid.identity();
        users.provision(new Profile(identity.userId(), identity.username(), identity.name(), identity.avatar()));
        CallerPrincipal caller = new CallerPrincipal(identity);
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return caller;
            }

            @Override
            public boolean isUserInRole(String role) {
                return identity.inGroup(role); // the token's groups claim
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        });
    }

    private boolean isPublic() {
        return resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(Public.class)
                || resource.getResourceClass().isAnnotationPresent(Public.class));
    }
}
