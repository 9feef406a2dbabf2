package io.inbox.api;

import io.inbox.conversation.ConversationSummary;
import io.inbox.user.Profile;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A conversation in the caller's list: its fields (as {@link ConversationBody}), its newest message and the
 * unread count. A missing title or message is written as null (see {@link MessageBody} for why the message type
 * is nillable as well).
 */
@JsonbNillable
@JsonbPropertyOrder({"id", "title", "participantIds", "participants", "lastMessage", "unreadCount"})
public record ConversationEntry(long id, String title, List<Long> participantIds, List<Person> participants,
                                MessageBody lastMessage, long unreadCount) {

    static ConversationEntry of(ConversationSummary s, Map<Long, Profile> profiles) {
        return new ConversationEntry(s.conversation().id(), s.conversation().title(), s.conversation().participantIds(),
                ConversationBody.people(s.conversation(), profiles),
                s.lastMessage() == null ? null : MessageBody.of(s.lastMessage()), s.unreadCount());
    }
}
