/** What the Jakarta EE server provides to every capability: its managed threads, behind plain JDK types. */
package io.inbox.platform;
