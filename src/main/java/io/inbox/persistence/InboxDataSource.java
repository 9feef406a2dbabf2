package io.inbox.persistence;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The application's datasource, {@code java:app/jdbc/inbox}: a pool the server keeps, of connections that
 * {@link ConfiguredDataSource} makes from MicroProfile Config at run time. Nothing here is resolved at
 * deployment, so the same WAR deploys on every Jakarta EE 10 server: the embedded H2 by default (a file under
 * {@code inbox.data.dir}), PostgreSQL by configuration, or a datasource the server defines.
 * The {@code fish.payara.*} properties are Payara's connection validation; other servers ignore them.
 */
@DataSourceDefinition(
        name = InboxDataSource.NAME,
        className = "io.inbox.persistence.ConfiguredDataSource",
        databaseName = "inbox", // informational; WildFly needs one property
        minPoolSize = 2,
        maxPoolSize = 32,
        properties = {
                "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=auto-commit",
                "fish.payara.fail-all-connections=true"
        })
@ApplicationScoped
public class InboxDataSource {
    /** The JNDI name of the persistence unit's datasource (persistence.xml names it too). */
    public static final String NAME = "java:app/jdbc/inbox";
}
