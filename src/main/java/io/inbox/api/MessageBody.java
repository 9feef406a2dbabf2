package io.inbox.api;

import io.inbox.protocol.FrameType;
import io.inbox.protocol.MessageView;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.json.bind.annotation.JsonbTypeAdapter;
import java.time.Instant;

/**
 * The message object, byte for byte the TEXT frame of the WebSockets (FrameCodec): the legacy field order, the
 * sender's name and avatar written as null when unknown, {@code client_id} and {@code edited_at} only when set.
 * Nillable as a whole, so that a message field of another body ({@code last_message}) is written as null too:
 * Yasson 3.0 decides that by the property's type, whatever the property says.
 */
@JsonbNillable
@JsonbPropertyOrder({"type", "message", "conversationId", "senderId", "senderName", "senderAvatar", "createdAt",
    "messageId", "clientId", "editedAt"})
public record MessageBody(String type, String message, long conversationId, long senderId,
                          String senderName, String senderAvatar,
                          @JsonbTypeAdapter(WireTime.class) Instant createdAt, long messageId,
                          @JsonbNillable(false) String clientId,
                          @JsonbNillable(false) @JsonbTypeAdapter(WireTime.class) Instant editedAt) {

    static MessageBody of(MessageView m) {
        return new MessageBody(FrameType.TEXT, m.message(), m.conversationId(), m.senderId(), m.senderName(),
                m.senderAvatar(), m.createdAt(), m.messageId(), m.clientId(), m.editedAt());
    }
}
