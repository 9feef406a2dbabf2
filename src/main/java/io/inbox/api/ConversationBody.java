package io.inbox.api;

import io.inbox.protocol.ConversationView;
import io.inbox.user.Profile;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * {@code {"id", "title", "participant_ids", "participants"}}: the fields of the {@code conversation_created} frame
 * (no title is null), and an added {@code participants} list naming each participant, in the order of
 * {@code participant_ids} (docs/protocol.md).
 */
@JsonbNillable
@JsonbPropertyOrder({"id", "title", "participantIds", "participants"})
public record ConversationBody(long id, String title, List<Long> participantIds, List<Person> participants) {

    static ConversationBody of(ConversationView c, Map<Long, Profile> profiles) {
        return new ConversationBody(c.id(), c.title(), c.participantIds(), people(c, profiles));
    }

    /** The participants of a conversation, in the order of its ids; an id without a profile is a bare user. */
    static List<Person> people(ConversationView c, Map<Long, Profile> profiles) {
        return c.participantIds().stream().map(id -> Person.of(profiles.getOrDefault(id, Profile.bare(id)))).toList();
    }
}
