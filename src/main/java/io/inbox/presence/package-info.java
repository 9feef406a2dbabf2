/** Ephemeral signals, never stored: who is typing where, and who is online, away or offline. */
package io.inbox.presence;
