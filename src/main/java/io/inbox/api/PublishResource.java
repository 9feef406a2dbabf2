package io.inbox.api;

import io.inbox.conversation.Appended;
import io.inbox.conversation.ConversationService;
import io.inbox.conversation.InvalidInput;
import io.inbox.delivery.Publisher;
import io.inbox.protocol.FrameType;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Providers;
import java.util.Set;

/**
 * {@code POST /api/publish/}: other backend services push events to users, as the legacy app did with
 * {@code channel_layer.group_send}. Only tokens whose {@code groups} claim holds {@code inbox.publish.group}
 * may call it. The body names one target and the event:
 * <ul>
 *   <li>{@code {"conversation_id": 5, "event": {"type": "order_shipped", ...}}}: to every participant, 202;</li>
 *   <li>{@code {"user_id": 7, "event": {"type": "...", ...}}}: to one user's connections, 202;</li>
 *   <li>{@code {"conversation_id": 5, "event": {"type": "TEXT", "sender_id": 3, "message": "...", "client_id": "..."}}}:
 *       a message stored and delivered exactly like one the sender sent (201; a retry 200).</li>
 * </ul>
 */
@RequestScoped
@Path("publish/")
@Produces(MediaType.APPLICATION_JSON)
@RequiresGroup(RequiresGroup.Group.PUBLISH)
public class PublishResource {

    @Inject
    Publisher publisher;
    @Inject
    ConversationService conversations;
    @Inject
    Validator validator;
    @Context
    Providers providers;

    /** {@code {"recipients": 2}}: how many users the event went to. */
    public record Recipients(int recipients) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response publish(@NotNull(message = ConversationResource.MISSING_BODY) @Valid PublishRequest request) {
        String type = request.type();
        if (FrameType.TEXT.equals(type)) {
            if (request.conversationId() == null) {
                throw new InvalidInput("a TEXT message needs conversation_id");
            }
            return postMessage(request.conversationId(), text(request.event()));
        }
        int recipients;
        if (request.conversationId() != null) {
            recipients = publisher.toConversation(request.conversationId(), type, request.event());
        } else {
            publisher.toUser(request.userId(), type, request.event());
            recipients = 1;
        }
        return Response.accepted(new Recipients(recipients)).build();
    }

    /** As {@code POST /api/conversations/{id}/messages/}, on behalf of {@code sender_id} (a participant). */
    private Response postMessage(long conversationId, PublishRequest.Text text) {
        Appended appended = ConversationResource.await(
                conversations.post(text.senderId(), conversationId, text.message(), text.clientId()).toCompletableFuture());
        return ConversationResource.stored(appended, conversations.view(appended.message()));
    }

    /** The TEXT event's fields, bound and validated like a request body. */
    private PublishRequest.Text text(JsonObject event) {
        Jsonb jsonb = providers.getContextResolver(Jsonb.class, MediaType.APPLICATION_JSON_TYPE)
                .getContext(PublishRequest.Text.class);
        PublishRequest.Text text;
        try {
            text = jsonb.fromJson(event.toString(), PublishRequest.Text.class);
        } catch (JsonbException e) {
            throw MalformedBodyInterceptor.malformed(e);
        }
        Set<ConstraintViolation<PublishRequest.Text>> violations = validator.validate(text);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return text;
    }
}
