package io.inbox.protocol;

import java.util.List;

/** A conversation as clients see it in {@code conversation_created} and REST. */
public record ConversationView(long id, String title, List<Long> participantIds) {
}
