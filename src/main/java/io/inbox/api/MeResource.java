package io.inbox.api;

import io.inbox.user.Profile;
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
    public String me(@Context SecurityContext security) {
        Profile me = users.profile(((CallerPrincipal) security.getUserPrincipal()).userId());
        return ApiJson.write(g -> {
            g.writeStartObject();
            ApiJson.writeUserFields(g, me);
            g.writeEnd();
        });
    }
}
