package io.inbox.api;

import io.inbox.user.Profile;
import io.inbox.user.UserService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
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

    /** {@code {"id", "username", "name", "avatar"}}; a bare user's unknown fields are null. */
    @JsonbNillable
    @JsonbPropertyOrder({"id", "username", "name", "avatar"})
    public record Me(long id, String username, String name, String avatar) {
    }

    @GET
    public Me me(@Context SecurityContext security) {
        Profile me = users.profile(((CallerPrincipal) security.getUserPrincipal()).userId());
        return new Me(me.id(), me.username(), me.name(), me.avatar());
    }
}
