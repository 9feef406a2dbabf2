package io.inbox.api;

import jakarta.json.bind.annotation.JsonbTypeAdapter;
import jakarta.validation.constraints.NotNull;

/**
 * {@code POST /api/conversations/{id}/messages/ {"message": "...", "client_id": "..."}}. The text's length is the
 * conversation's rule (ConversationService), the client id's is {@link io.inbox.protocol.ClientId}'s.
 */
public record MessageRequest(
        @NotNull(message = "message: a string is required") @JsonbTypeAdapter(StrictTypes.Text.class) String message,
        @ValidClientId @JsonbTypeAdapter(StrictTypes.Text.class) String clientId) {
}
