package io.inbox.api;

import io.inbox.conversation.Appended;
import io.inbox.conversation.ConversationService;
import io.inbox.conversation.InvalidInput;
import io.inbox.delivery.Publisher;
import io.inbox.protocol.FrameCodec;
import io.inbox.protocol.FrameType;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.StringWriter;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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
public class PublishResource {

    @Inject
    Publisher publisher;
    @Inject
    ConversationService conversations;
    @Inject
    FrameCodec codec;
    /** The group (token {@code groups} claim) of services allowed to publish. */
    @Inject
    @ConfigProperty(name = "inbox.publish.group", defaultValue = "inbox-service")
    String publishGroup;
    @Context
    SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response publish(String body) {
        if (!security.isUserInRole(publishGroup)) {
            return ErrorMappers.detail(Response.Status.FORBIDDEN, "You do not have permission to perform this action.");
        }
        JsonObject request = ApiJson.object(body);
        Long conversationId = optionalId(request, "conversation_id");
        Long userId = optionalId(request, "user_id");
        if ((conversationId == null) == (userId == null)) {
            throw new InvalidInput("exactly one of conversation_id and user_id is required");
        }
        JsonValue eventValue = request.get("event");
        if (!(eventValue instanceof JsonObject event) || !(event.get("type") instanceof JsonString type)) {
            throw new InvalidInput("event: an object with a string type is required");
        }
        if (FrameType.TEXT.equals(type.getString())) {
            if (conversationId == null) {
                throw new InvalidInput("a TEXT message needs conversation_id");
            }
            return postMessage(conversationId, event);
        }
        int recipients;
        if (conversationId != null) {
            recipients = publisher.toConversation(conversationId, type.getString(), event);
        } else {
            publisher.toUser(userId, type.getString(), event);
            recipients = 1;
        }
        int users = recipients;
        return Response.accepted(ApiJson.write(g -> g.writeStartObject().write("recipients", users).writeEnd())).build();
    }

    /** As {@code POST /api/conversations/{id}/messages/}, on behalf of {@code sender_id} (a participant). */
    private Response postMessage(long conversationId, JsonObject event) {
        Long senderId = optionalId(event, "sender_id");
        if (senderId == null) {
            throw new InvalidInput("sender_id: a positive integer is required");
        }
        if (!(event.get("message") instanceof JsonString text)) {
            throw new InvalidInput("message: a string is required");
        }
        String clientId = null;
        JsonValue clientIdValue = event.get("client_id");
        if (clientIdValue instanceof JsonString s) {
            clientId = s.getString();
        } else if (clientIdValue != null && clientIdValue != JsonValue.NULL) {
            throw new InvalidInput("client_id must be a string");
        }
        if (clientId != null && (clientId.isEmpty() || clientId.length() > FrameCodec.MAX_CLIENT_ID_LENGTH)) {
            throw new InvalidInput("client_id must be 1 to " + FrameCodec.MAX_CLIENT_ID_LENGTH + " characters");
        }
        Appended appended = ConversationResource.await(
                conversations.post(senderId, conversationId, text.getString(), clientId).toCompletableFuture());
        StringWriter out = new StringWriter();
        codec.writeMessage(out, conversations.view(appended.message()));
        return Response.status(appended.replay() ? Response.Status.OK : Response.Status.CREATED)
                .entity(out.toString()).build();
    }

    private static Long optionalId(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.longValue() <= 0) {
            throw new InvalidInput(field + ": a positive integer is required");
        }
        return number.longValue();
    }
}
