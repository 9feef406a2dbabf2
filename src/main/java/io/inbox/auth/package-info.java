/**
 * Token verification in one place, the authenticated identity, and dev-mode keys.
 */
package io.inbox.auth;
