package io.inbox.api;

import io.inbox.conversation.ConversationSummary;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * A conversation in the caller's list: its fields, its newest message and the unread count. A missing title or
 * message is written as null (see {@link MessageBody} for why the message type is nillable as well).
 */
@JsonbNillable
@JsonbPropertyOrder({"id", "title", "participantIds", "lastMessage", "unreadCount"})
public record ConversationEntry(long id, String title, List<Long> participantIds,
                                MessageBody lastMessage, long unreadCount) {

    static ConversationEntry of(ConversationSummary s) {
        return new ConversationEntry(s.conversation().id(), s.conversation().title(), s.conversation().participantIds(),
                s.lastMessage() == null ? null : MessageBody.of(s.lastMessage()), s.unreadCount());
    }
}
