package io.inbox.conversation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Storage of conversations and their participants. */
public interface ConversationRepository {

    /** Stores a conversation and its participants (which must exist as users); joins the caller's transaction. */
    Conversation create(String title, long createdBy, Set<Long> participantIds);

    Optional<Conversation> find(long conversationId);

    /** The participants' ids, ascending; empty when the conversation does not exist. */
    List<Long> participantIds(long conversationId);

    /** Participant ids of several conversations, ascending within each. */
    Map<Long, List<Long>> participantIds(Collection<Long> conversationIds);

    /** The user's conversations, most recent activity first; {@code limit + 1} rows tell whether more exist. */
    List<Conversation> listFor(long userId, int offset, int limit);

    /** Newest message id per conversation (absent when it has none). */
    Map<Long, Long> lastMessageIds(Collection<Long> conversationIds);

    /** Messages of others the user has not read yet, per conversation (absent when zero). */
    Map<Long, Long> unreadCounts(long userId, Collection<Long> conversationIds);

    /** Users who share at least one conversation with the user (not the user), ascending. */
    List<Long> contacts(long userId);
}
