/** Conversations, participants and messages: the rules, the transaction boundaries and the ordered message log. */
package io.inbox.conversation;
