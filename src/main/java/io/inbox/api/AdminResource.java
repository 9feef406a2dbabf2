package io.inbox.api;

import io.inbox.cluster.Grid;
import io.inbox.delivery.Fanout;
import io.inbox.delivery.LocalConnections;
import io.inbox.presence.ConnectionInfo;
import io.inbox.presence.PresenceService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code /api/admin/}: for tokens whose {@code groups} claim holds {@code inbox.admin.group}; everyone else
 * gets 403. A user's open connections on every instance, disconnecting a user everywhere (close 4401, so
 * clients treat it as a revoked login), and this instance's figures.
 */
@RequestScoped
@Path("admin/")
@Produces(MediaType.APPLICATION_JSON)
@RequiresGroup(RequiresGroup.Group.ADMIN)
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
    @Context
    SecurityContext security;

    /** One open connection; {@code since} in {@link Instant#toString()}'s form, the unknown fields null. */
    @JsonbNillable
    @JsonbPropertyOrder({"connectionId", "instance", "endpoint", "since", "remoteAddress"})
    public record Connection(String connectionId, String instance, String endpoint, Instant since,
                             String remoteAddress) {
        static Connection of(ConnectionInfo c) {
            return new Connection(c.connectionId(), c.instance(), c.endpoint(), c.since(), c.remoteAddress());
        }
    }

    /** {@code {"user_id", "closed_on_this_instance"}}. */
    @JsonbPropertyOrder({"userId", "closedOnThisInstance"})
    public record Disconnected(long userId, int closedOnThisInstance) {
    }

    /** This instance's figures. */
    @JsonbPropertyOrder({"connections", "connectionsByEndpoint", "clusterEnabled", "clusterMembers",
        "deliveredUpToMessageId"})
    public record Stats(int connections, Map<String, Integer> connectionsByEndpoint, boolean clusterEnabled,
                        int clusterMembers, long deliveredUpToMessageId) {
    }

    /** {@code {"results": [{"connection_id", "instance", "endpoint", "since", "remote_address"}], "next": null}}. */
    @GET
    @Path("users/{id}/connections/")
    public ResultPage<Connection> connections(@PathParam("id") long userId) {
        List<ConnectionInfo> open = presence.connectionsOf(userId);
        return new ResultPage<>(open.stream().map(Connection::of).toList(), null);
    }

    /** Closes every connection of the user on every instance with 4401; 202 with the number closed here. */
    @POST
    @Path("users/{id}/disconnect/")
    public Response disconnect(@PathParam("id") long userId) {
        int here = fanout.disconnect(userId, DISCONNECT_REASON);
        LOG.info(() -> "Admin " + security.getUserPrincipal().getName() + " disconnected user " + userId
                + " (" + here + " connections on this instance)");
        return Response.accepted(new Disconnected(userId, here)).build();
    }

    /** This instance's open connections by endpoint, the cluster's size, the delivery mark. */
    @GET
    @Path("stats/")
    public Stats stats() {
        Map<String, Integer> byEndpoint = connections.countByEndpoint();
        int total = byEndpoint.values().stream().mapToInt(Integer::intValue).sum();
        return new Stats(total, byEndpoint, grid.enabled(), grid.members(), fanout.deliveredUpTo());
    }
}
