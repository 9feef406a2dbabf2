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
            g.writeStartObject().write("id", me.id());
            nullable(g, "username", me.username());
            nullable(g, "name", me.name());
            nullable(g, "avatar", me.avatar());
            g.writeEnd();
        });
    }

    private static void nullable(jakarta.json.stream.JsonGenerator g, String key, String value) {
        if (value == null) {
            g.writeNull(key);
        } else {
            g.write(key, value);
        }
    }
}
