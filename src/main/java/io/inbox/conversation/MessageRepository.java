package io.inbox.conversation;

import java.time.LocalDateTime;
import java.util.List;

/** Storage of messages. */
public interface MessageRepository {

    /**
     * Stores a batch in one transaction, in order, and returns one {@link Appended} per input, in the
     * same order. New messages get consecutive ids that are higher than every id committed before this
     * transaction, whatever instance wrote them. A (sender, client_id) repeated within the batch is returned
     * as a replay of the first. With {@code lookUpRetries}, one stored earlier is returned as a replay too;
     * without, it violates the (sender, client_id) unique key and the whole batch fails (nothing stored), so
     * the caller retries with the lookup.
     */
    List<Appended> append(List<NewMessage> batch, LocalDateTime now, boolean lookUpRetries);

    /** Oldest first: the first {@code limit} after {@code after}. */
    List<Message> after(long conversationId, long after, int limit);

    /** Oldest first: the {@code limit} messages just before {@code before}. */
    List<Message> before(long conversationId, long before, int limit);

    /** Oldest first: the latest {@code limit} messages. */
    List<Message> latest(long conversationId, int limit);

    List<Message> byIds(List<Long> ids);

    /** The highest id handed out by a committed transaction. */
    long lastCommittedId();

    /** Oldest first: the user's messages (all conversations) in {@code (after, upTo]}, at most {@code limit}. */
    List<Message> forUser(long userId, long after, long upTo, int limit);

    /** Oldest first: every conversation's messages in {@code (after, upTo]}, at most {@code limit}. */
    List<Message> range(long after, long upTo, int limit);

    /** Oldest first: one conversation's messages in {@code (after, upTo]}, at most {@code limit}. */
    List<Message> between(long conversationId, long after, long upTo, int limit);

    /** The message, if it exists and is not deleted. */
    java.util.Optional<Message> find(long messageId);

    /** Moves the user's read position forward to {@code messageId}; false when it already was there or beyond. */
    boolean advanceRead(long conversationId, long userId, long messageId);

    /** Points the conversation's last message at its newest message that is not deleted. */
    void refreshLastMessage(long conversationId);
}
