package io.inbox.persistence;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The application's datasource, {@code java:app/jdbc/inbox}, defined from MicroProfile Config so the same
 * WAR runs on the embedded H2 (default: a file under {@code inbox.data.dir}) and on PostgreSQL.
 */
@DataSourceDefinition(
        name = "java:app/jdbc/inbox",
        className = "${MPCONFIG=inbox.datasource.class-name}",
        url = "${MPCONFIG=inbox.datasource.url}",
        user = "${MPCONFIG=inbox.datasource.user}",
        password = "${MPCONFIG=inbox.datasource.password}",
        minPoolSize = 2,
        maxPoolSize = 32,
        properties = {
                "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=auto-commit",
                "fish.payara.fail-all-connections=true"
        })
@ApplicationScoped
public class InboxDataSource {
}
