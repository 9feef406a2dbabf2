/** Users as the tokens describe them: just-in-time provisioning and the profile cache used on the hot path. */
package io.inbox.user;
