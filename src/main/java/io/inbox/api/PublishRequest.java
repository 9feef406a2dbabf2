package io.inbox.api;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.bind.annotation.JsonbTypeAdapter;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

/**
 * {@code POST /api/publish/}: one target, a conversation or a user, and the event, any JSON object with a string
 * {@code type}; it reaches the clients as it is.
 */
public record PublishRequest(
        @PositiveId(message = "conversation_id: a positive integer is required")
        @JsonbTypeAdapter(StrictTypes.WholeNumber.class) Long conversationId,
        @PositiveId(message = "user_id: a positive integer is required")
        @JsonbTypeAdapter(StrictTypes.WholeNumber.class) Long userId,
        @NotNull(message = EVENT_RULE) JsonObject event) {
    static final String EVENT_RULE = "event: an object with a string type is required";

    /** The event's type, or null when it has none. */
    String type() {
        return event != null && event.get("type") instanceof JsonString type ? type.getString() : null;
    }

    @AssertTrue(message = "exactly one of conversation_id and user_id is required")
    boolean isOneTarget() {
        return (conversationId == null) != (userId == null);
    }

    @AssertTrue(message = EVENT_RULE)
    boolean isTyped() {
        return event == null || type() != null;
    }

    /** The fields of a {@code TEXT} event: a message stored on behalf of {@code sender_id}, a participant. */
    public record Text(
            @NotNull(message = SENDER_RULE) @PositiveId(message = SENDER_RULE)
            @JsonbTypeAdapter(StrictTypes.WholeNumber.class) Long senderId,
            @NotNull(message = "message: a string is required") @JsonbTypeAdapter(StrictTypes.Text.class) String message,
            @ValidClientId @JsonbTypeAdapter(StrictTypes.Text.class) String clientId) {
        static final String SENDER_RULE = "sender_id: a positive integer is required";
    }
}
