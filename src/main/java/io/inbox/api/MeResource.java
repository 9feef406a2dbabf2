package io.inbox.api;

import io.inbox.user.UserService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** {@code GET /api/me/}: the caller. */
@RequestScoped
@Path("me/")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    UserService users;

    @GET
    public Person me(@Context SecurityContext security) {
        return Person.of(users.profile(((CallerPrincipal) security.getUserPrincipal()).userId()));
    }
}
