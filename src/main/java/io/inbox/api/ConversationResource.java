package io.inbox.api;

import io.inbox.conversation.Appended;
import io.inbox.conversation.ConversationService;
import io.inbox.conversation.ConversationSummary;
import io.inbox.conversation.InvalidInput;
import io.inbox.conversation.Page;
import io.inbox.protocol.ConversationView;
import io.inbox.protocol.MessageView;
import io.inbox.user.UserService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Conversations and their messages under {@code /api/conversations/}. Each conversation object carries, beside
 * the contract's {@code participant_ids}, {@code participants}: each one as {@code /api/me/} describes the
 * caller, so a client can name people in typing indicators, read receipts and presence (docs/protocol.md).
 */
@RequestScoped
@Path("conversations/")
@Produces(MediaType.APPLICATION_JSON)
public class ConversationResource {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final long POST_TIMEOUT_SECONDS = 30;
    /** A POST without a body. */
    static final String MISSING_BODY = MalformedBody.PREFIX + " - " + MalformedBodyInterceptor.EXPECTED_OBJECT;

    @Inject
    ConversationService conversations;
    @Inject
    UserService users;
    @Context
    SecurityContext security;
    @Context
    UriInfo uri;

    @GET
    public ResultPage<ConversationEntry> list(@QueryParam("offset") String offsetParam,
                                              @QueryParam("limit") String limitParam) {
        Long offsetValue = QueryParams.optionalId("offset", offsetParam);
        int offset = offsetValue == null ? 0 : (int) Math.min(offsetValue, Integer.MAX_VALUE);
        int limit = QueryParams.limit(limitParam, DEFAULT_LIMIT, MAX_LIMIT);
        Page<ConversationSummary> page = conversations.list(caller(), offset, limit);
        String next = page.more() ? uri.getRequestUriBuilder().replaceQueryParam("offset", offset + limit)
                .replaceQueryParam("limit", limit).build().toString() : null;
        var profiles = users.profiles(page.items().stream()
                .flatMap(s -> s.conversation().participantIds().stream()).distinct().toList());
        return new ResultPage<>(page.items().stream().map(s -> ConversationEntry.of(s, profiles)).toList(), next);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull(message = MISSING_BODY) @Valid ConversationRequest request) {
        ConversationView view = conversations.create(caller(), request.participantIds(), request.title());
        return Response.status(Response.Status.CREATED).entity(conversation(view)).build();
    }

    @GET
    @Path("{id}/")
    public ConversationBody get(@PathParam("id") long conversationId) {
        return conversation(conversations.get(caller(), conversationId));
    }

    @GET
    @Path("{id}/messages/")
    public ResultPage<MessageBody> messages(@PathParam("id") long conversationId, @QueryParam("after") String afterParam,
                                            @QueryParam("before") String beforeParam,
                                            @QueryParam("limit") String limitParam) {
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
        return new ResultPage<>(page.items().stream().map(MessageBody::of).toList(), next);
    }

    /** 201 with the stored message; a retry of a stored client_id answers 200 with the stored message. */
    @POST
    @Path("{id}/messages/")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response post(@PathParam("id") long conversationId,
                         @NotNull(message = MISSING_BODY) @Valid MessageRequest request) {
        Appended appended = await(conversations.post(caller(), conversationId, request.message(), request.clientId())
                .toCompletableFuture());
        return stored(appended, conversations.view(appended.message()));
    }

    /** {@code POST /api/conversations/{id}/read/ {"message_id": 789}}: 204; participants get the read frame. */
    @POST
    @Path("{id}/read/")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response read(@PathParam("id") long conversationId, @NotNull(message = MISSING_BODY) @Valid ReadRequest request) {
        conversations.markRead(caller(), conversationId, request.messageId());
        return Response.noContent().build();
    }

    /** 201 with the message just stored, 200 with the one a retry of its client_id found. */
    static Response stored(Appended appended, MessageView view) {
        return Response.status(appended.replay() ? Response.Status.OK : Response.Status.CREATED)
                .entity(MessageBody.of(view)).build();
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

    private ConversationBody conversation(ConversationView view) {
        return ConversationBody.of(view, users.profiles(view.participantIds()));
    }

    private long caller() {
        return ((CallerPrincipal) security.getUserPrincipal()).userId();
    }
}
