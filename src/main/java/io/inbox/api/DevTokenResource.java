package io.inbox.api;

import io.inbox.auth.Authenticator;
import io.inbox.conversation.InvalidInput;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;

/**
 * {@code GET /api/dev/token/?user_id=1&name=Alice}: a token for any user, signed with the dev key. Exists
 * only in dev mode (no verification key configured); otherwise 404.
 */
@RequestScoped
@Path("dev/token/")
@Produces(MediaType.APPLICATION_JSON)
@Public
public class DevTokenResource {
    private static final Duration TTL = Duration.ofHours(12);

    @Inject
    Authenticator authenticator;

    /** {@code {"token", "user_id", "expires_in"}}, the lifetime in seconds. */
    @JsonbPropertyOrder({"token", "userId", "expiresIn"})
    public record DevToken(String token, long userId, long expiresIn) {
    }

    @GET
    public DevToken token(@QueryParam("user_id") String userId, @QueryParam("username") String username,
                        @QueryParam("name") String name, @QueryParam("avatar") String avatar) {
        if (!authenticator.devMode()) {
            throw new NotFoundException();
        }
        Long id = QueryParams.optionalId("user_id", userId);
        if (id == null || id == 0) {
            throw new InvalidInput("user_id is required (a positive integer)");
        }
        String login = username != null ? username : "user" + id;
        String display = name != null ? name : login;
        String token = authenticator.devToken(id, login, display, avatar, TTL).orElseThrow(NotFoundException::new);
        return new DevToken(token, id, TTL.toSeconds());
    }
}
