package io.inbox.api;

import io.inbox.connection.ServerState;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Until the application has started ({@link ServerState#started()}: the schema migrated, in a cluster the grid
 * joined), every call under {@code /api/} is answered 503 {@code {"detail": ...}} with {@code Retry-After}: "not
 * yet", which a load balancer or client retries, where a 500 would read as broken. Runs before anything else,
 * matching included.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 500)
public class StartupGate implements ContainerRequestFilter {
    static final String STARTING = "The server is starting: retry shortly.";

    @Inject
    ServerState state;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!state.started()) {
            request.abortWith(ErrorMappers.builder(Response.Status.SERVICE_UNAVAILABLE, STARTING)
                    .header(HttpHeaders.RETRY_AFTER, "1").build());
        }
    }
}
