/** The wire contract: client commands, server events, their JSON codec, and every error and close code. */
package io.inbox.protocol;
