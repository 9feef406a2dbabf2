package io.inbox.api;

import io.inbox.auth.AuthStatus;
import io.inbox.auth.Authenticator;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/auth/}: how this server authenticates, without a token and always 200, so a sign-in page can
 * choose between offering dev users and asking for a token without provoking an error answer:
 * {@code {"authentication": "dev-mode", "dev_mode": true, "detail": null}}. {@code authentication} is the label
 * that readiness reports ({@code configured}, {@code dev-mode}, {@code keys-pending}, {@code not-configured});
 * {@code detail} says why nothing is served when that is so (the 503's detail), and is null otherwise.
 */
@RequestScoped
@Path("auth/")
@Produces(MediaType.APPLICATION_JSON)
@Public
public class AuthStatusResource {

    @Inject
    Authenticator authenticator;

    @JsonbNillable
    @JsonbPropertyOrder({"authentication", "devMode", "detail"})
    public record Status(String authentication, boolean devMode, String detail) {
    }

    @GET
    public Status status() {
        AuthStatus status = authenticator.status();
        return new Status(status.label(), authenticator.devMode(), status.serving() ? null : status.detail());
    }
}
