package io.inbox.api;

import jakarta.json.bind.annotation.JsonbTypeAdapter;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * {@code POST /api/conversations/ {"participant_ids": [2, 3], "title": "..."}}. Which ids and titles are allowed is
 * the conversation's rule (ConversationService); here only their JSON types.
 */
public record ConversationRequest(
        @NotNull(message = "participant_ids: a list of user ids is required")
        @JsonbTypeAdapter(StrictTypes.WholeNumbers.class) List<Long> participantIds,
        @JsonbTypeAdapter(StrictTypes.Text.class) String title) {
}
