/** The application's metrics (MicroProfile Metrics where the server has it); depends on no other capability. */
package io.inbox.monitoring;
