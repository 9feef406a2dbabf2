package io.inbox.api;

import io.inbox.cluster.Grid;
import io.inbox.delivery.Fanout;
import io.inbox.delivery.LocalConnections;
import io.inbox.presence.ConnectionInfo;
import io.inbox.presence.PresenceService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /api/admin/}: for tokens whose {@code groups} claim holds {@code inbox.admin.group}; everyone else
 * gets 403. A user's open connections on every instance, disconnecting a user everywhere (close 4401, so
 * clients treat it as a revoked login), and this instance's figures.
 */
@RequestScoped
@Path("admin/")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    private static final Logger LOG = Logger.getLogger(AdminResource.class.getName());
    static final String DISCONNECT_REASON = "disconnected by an administrator";

    @Inject
    PresenceService presence;
    @Inject
    Fanout fanout;
    @Inject
    LocalConnections connections;
    @Inject
    Grid grid;
    /** The group (token {@code groups} claim) of operators allowed to use the admin API. */
    @Inject
    @ConfigProperty(name = "inbox.admin.group", defaultValue = "inbox-admin")
    String adminGroup;
    @Context
    SecurityContext security;

    /** {@code {"results": [{"connection_id", "instance", "endpoint", "since", "remote_address"}]}}. */
    @GET
    @Path("users/{id}/connections/")
    public Response connections(@PathParam("id") long userId) {
        Response refused = refuseNonAdmin();
        if (refused != null) {
            return refused;
        }
        List<ConnectionInfo> open = presence.connectionsOf(userId);
        return Response.ok(ApiJson.write(g -> {
            g.writeStartObject().writeStartArray("results");
            for (ConnectionInfo c : open) {
                g.writeStartObject().write("connection_id", c.connectionId());
                nullable(g, "instance", c.instance());
                nullable(g, "endpoint", c.endpoint());
                nullable(g, "since", c.since() == null ? null : c.since().toString());
                nullable(g, "remote_address", c.remoteAddress());
                g.writeEnd();
            }
            g.writeEnd().write("next", jakarta.json.JsonValue.NULL).writeEnd();
        })).build();
    }

    /** Closes every connection of the user on every instance with 4401; 202 with the number closed here. */
    @POST
    @Path("users/{id}/disconnect/")
    public Response disconnect(@PathParam("id") long userId) {
        Response refused = refuseNonAdmin();
        if (refused != null) {
            return refused;
        }
        int here = fanout.disconnect(userId, DISCONNECT_REASON);
        LOG.info(() -> "Admin " + security.getUserPrincipal().getName() + " disconnected user " + userId
                + " (" + here + " connections on this instance)");
        return Response.accepted(ApiJson.write(g -> g.writeStartObject().write("user_id", userId)
                .write("closed_on_this_instance", here).writeEnd())).build();
    }

    /** This instance's open connections by endpoint, the cluster's size, the delivery mark. */
    @GET
    @Path("stats/")
    public Response stats() {
        Response refused = refuseNonAdmin();
        if (refused != null) {
            return refused;
        }
        Map<String, Integer> byEndpoint = connections.countByEndpoint();
        int total = byEndpoint.values().stream().mapToInt(Integer::intValue).sum();
        return Response.ok(ApiJson.write(g -> {
            g.writeStartObject().write("connections", total).writeStartObject("connections_by_endpoint");
            byEndpoint.forEach(g::write);
            g.writeEnd().write("cluster_enabled", grid.enabled()).write("cluster_members", grid.members())
                    .write("delivered_up_to_message_id", fanout.deliveredUpTo()).writeEnd();
        })).build();
    }

    private Response refuseNonAdmin() {
        return security.isUserInRole(adminGroup) ? null
                : ErrorMappers.detail(Response.Status.FORBIDDEN, "You do not have permission to perform this action.");
    }

    private static void nullable(jakarta.json.stream.JsonGenerator g, String key, String value) {
        if (value == null) {
            g.writeNull(key);
        } else {
            g.write(key, value);
        }
    }
}
