/** JPA implementations of the repositories, the datasource definition and the Flyway migrations at startup. */
package io.inbox.persistence;
