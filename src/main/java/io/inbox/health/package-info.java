/** MicroProfile Health checks: liveness, and readiness that is down until migrated and during shutdown. */
package io.inbox.health;
