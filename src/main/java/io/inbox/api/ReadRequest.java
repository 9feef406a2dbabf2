package io.inbox.api;

import jakarta.json.bind.annotation.JsonbTypeAdapter;
import jakarta.validation.constraints.NotNull;

/** {@code POST /api/conversations/{id}/read/ {"message_id": 789}}. */
public record ReadRequest(
        @NotNull(message = ReadRequest.RULE) @PositiveId(message = ReadRequest.RULE)
        @JsonbTypeAdapter(StrictTypes.WholeNumber.class) Long messageId) {
    static final String RULE = "message_id: a positive integer is required";
}
