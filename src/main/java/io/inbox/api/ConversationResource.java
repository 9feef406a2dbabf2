package io.inbox.api;

import io.inbox.conversation.Appended;
import io.inbox.conversation.ConversationService;
import io.inbox.conversation.ConversationSummary;
import io.inbox.conversation.InvalidInput;
import io.inbox.conversation.Page;
import io.inbox.protocol.ConversationView;
import io.inbox.protocol.FrameCodec;
import io.inbox.protocol.MessageView;
import io.inbox.user.Profile;
import io.inbox.user.UserService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Conversations and their messages under {@code /api/conversations/}. Each conversation object carries, beside
 * the contract's {@code participant_ids}, {@code participants}: each one's {@code {"id", "username", "name",
 * "avatar"}}, as {@code /api/me/} describes the caller, so a client can name people in typing indicators, read
 * receipts and presence (docs/protocol.md).
 */
@RequestScoped
@Path("conversations/")
@Produces(MediaType.APPLICATION_JSON)
public class ConversationResource {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final long POST_TIMEOUT_SECONDS = 30;

    @Inject
    ConversationService conversations;
    @Inject
    FrameCodec codec;
    @Inject
    UserService users;
    @Context
    SecurityContext security;
    @Context
    UriInfo uri;

    @GET
    public String list(@QueryParam("offset") String offsetParam, @QueryParam("limit") String limitParam) {
        Long offsetValue = QueryParams.optionalId("offset", offsetParam);
        int offset = offsetValue == null ? 0 : (int) Math.min(offsetValue, Integer.MAX_VALUE);
        int limit = QueryParams.limit(limitParam, DEFAULT_LIMIT, MAX_LIMIT);
        Page<ConversationSummary> page = conversations.list(caller(), offset, limit);
        String next = page.more() ? uri.getRequestUriBuilder().replaceQueryParam("offset", offset + limit)
                .replaceQueryParam("limit", limit).build().toString() : null;
        Map<Long, Profile> profiles = users.profiles(page.items().stream()
                .flatMap(s -> s.conversation().participantIds().stream()).distinct().toList());
        return body(g -> {
            g.writeStartObject().writeStartArray("results");
            for (ConversationSummary s : page.items()) {
                g.writeStartObject();
                codec.writeConversationFields(g, s.conversation());
                writeParticipants(g, s.conversation(), profiles);
                if (s.lastMessage() == null) {
                    g.writeNull("last_message");
                } else {
                    g.writeKey("last_message").writeStartObject();
                    codec.writeMessageFields(g, s.lastMessage());
                    g.writeEnd();
                }
                g.write("unread_count", s.unreadCount()).writeEnd();
            }
            g.writeEnd();
            writeNext(g, next);
            g.writeEnd();
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        JsonObject request = ApiJson.object(body);
        JsonValue ids = request.get("participant_ids");
        if (!(ids instanceof jakarta.json.JsonArray array)) {
            throw new InvalidInput("participant_ids: a list of user ids is required");
        }
        List<Long> participantIds = new ArrayList<>();
        for (JsonValue id : array) {
            if (!(id instanceof JsonNumber number) || !number.isIntegral()) {
                throw new InvalidInput("participant_ids must be positive integers");
            }
            participantIds.add(number.longValue());
        }
        JsonValue title = request.get("title");
        if (title != null && title != JsonValue.NULL && !(title instanceof JsonString)) {
            throw new InvalidInput("title must be a string");
        }
        ConversationView view = conversations.create(caller(), participantIds,
                title instanceof JsonString s ? s.getString() : null);
        return Response.status(Response.Status.CREATED).entity(conversation(view)).build();
    }

    @GET
    @Path("{id}/")
    public String get(@PathParam("id") long conversationId) {
        return conversation(conversations.get(caller(), conversationId));
    }

    @GET
    @Path("{id}/messages/")
    public String messages(@PathParam("id") long conversationId, @QueryParam("after") String afterParam,
                           @QueryParam("before") String beforeParam, @QueryParam("limit") String limitParam) {
        Long after = QueryParams.optionalId("after", afterParam);
        Long before = QueryParams.optionalId("before", beforeParam);
        if (after != null && before != null) {
            throw new InvalidInput("use either after or before, not both");
        }
        int limit = QueryParams.limit(limitParam, DEFAULT_LIMIT, MAX_LIMIT);
        Page<MessageView> page = conversations.history(caller(), conversationId, after, before, limit);
        String next = null;
        if (page.more() && !page.items().isEmpty()) {
            next = after != null
                    ? uri.getRequestUriBuilder().replaceQueryParam("after", page.items().get(page.items().size() - 1).messageId())
                    .replaceQueryParam("limit", limit).build().toString()
                    : uri.getRequestUriBuilder().replaceQueryParam("before", page.items().get(0).messageId())
                    .replaceQueryParam("limit", limit).build().toString();
        }
        String nextUrl = next;
        return body(g -> {
            g.writeStartObject().writeStartArray("results");
            for (MessageView m : page.items()) {
                g.writeStartObject();
                codec.writeMessageFields(g, m);
                g.writeEnd();
            }
            g.writeEnd();
            writeNext(g, nextUrl);
            g.writeEnd();
        });
    }

    /** 201 with the stored message; a retry of a stored client_id answers 200 with the stored message. */
    @POST
    @Path("{id}/messages/")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response post(@PathParam("id") long conversationId, String body) {
        JsonObject request = ApiJson.object(body);
        JsonValue message = request.get("message");
        if (!(message instanceof JsonString text)) {
            throw new InvalidInput("message: a string is required");
        }
        JsonValue clientIdValue = request.get("client_id");
        String clientId = null;
        if (clientIdValue instanceof JsonString s) {
            clientId = s.getString();
        } else if (clientIdValue != null && clientIdValue != JsonValue.NULL) {
            throw new InvalidInput("client_id must be a string");
        }
        if (clientId != null && (clientId.isEmpty() || clientId.length() > FrameCodec.MAX_CLIENT_ID_LENGTH)) {
            throw new InvalidInput("client_id must be 1 to " + FrameCodec.MAX_CLIENT_ID_LENGTH + " characters");
        }
        Appended appended = await(conversations.post(caller(), conversationId, text.getString(), clientId)
                .toCompletableFuture());
        MessageView view = conversations.view(appended.message());
        StringWriter out = new StringWriter();
        codec.writeMessage(out, view);
        return Response.status(appended.replay() ? Response.Status.OK : Response.Status.CREATED)
                .entity(out.toString()).build();
    }

    /** {@code POST /api/conversations/{id}/read/ {"message_id": 789}}: 204; participants get the read frame. */
    @POST
    @Path("{id}/read/")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response read(@PathParam("id") long conversationId, String body) {
        JsonValue id = ApiJson.object(body).get("message_id");
        if (!(id instanceof JsonNumber number) || !number.isIntegral() || number.longValue() <= 0) {
            throw new InvalidInput("message_id: a positive integer is required");
        }
        conversations.markRead(caller(), conversationId, number.longValue());
        return Response.noContent().build();
    }

    static Appended await(java.util.concurrent.CompletableFuture<Appended> result) {
        try {
            return result.get(POST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw new io.inbox.conversation.StorageUnavailable("timed out waiting for storage", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.inbox.conversation.StorageUnavailable("interrupted", e);
        }
    }

    private String conversation(ConversationView view) {
        Map<Long, Profile> profiles = users.profiles(view.participantIds());
        return body(g -> {
            g.writeStartObject();
            codec.writeConversationFields(g, view);
            writeParticipants(g, view, profiles);
            g.writeEnd();
        });
    }

    /** {@code "participants": [{"id", "username", "name", "avatar"}]}, in the order of participant_ids. */
    private static void writeParticipants(JsonGenerator g, ConversationView view, Map<Long, Profile> profiles) {
        g.writeStartArray("participants");
        for (long id : view.participantIds()) {
            g.writeStartObject();
            ApiJson.writeUserFields(g, profiles.getOrDefault(id, Profile.bare(id)));
            g.writeEnd();
        }
        g.writeEnd();
    }

    private String body(java.util.function.Consumer<JsonGenerator> writer) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = codec.generator(out)) {
            writer.accept(g);
        }
        return out.toString();
    }

    private static void writeNext(JsonGenerator g, String next) {
        if (next == null) {
            g.writeNull("next");
        } else {
            g.write("next", next);
        }
    }

    private long caller() {
        return ((CallerPrincipal) security.getUserPrincipal()).userId();
    }
}
