package io.inbox.api;

import io.inbox.protocol.ConversationView;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** {@code {"id", "title", "participant_ids"}}, as in the {@code conversation_created} frame; no title is null. */
@JsonbNillable
@JsonbPropertyOrder({"id", "title", "participantIds"})
public record ConversationBody(long id, String title, List<Long> participantIds) {

    static ConversationBody of(ConversationView c) {
        return new ConversationBody(c.id(), c.title(), c.participantIds());
    }
}
