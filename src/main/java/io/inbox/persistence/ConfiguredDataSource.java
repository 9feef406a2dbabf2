package io.inbox.persistence;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The JDBC source behind {@code java:app/jdbc/inbox} ({@link InboxDataSource}), chosen from MicroProfile Config
 * when the server first asks for a connection, so that nothing is resolved at deployment and every server
 * reads the same keys:
 * <ul>
 * <li>{@code inbox.datasource.jndi-name} set: connections come from that datasource of the server (one the
 *     operator defined, without transaction enlistment of its own: docs/deployment.md);</li>
 * <li>otherwise a new {@code inbox.datasource.class-name} (default: H2's, bundled in the WAR, in a file under
 *     {@code inbox.data.dir}; PostgreSQL's driver is bundled too) with {@code inbox.datasource.url},
 *     {@code user} and {@code password}.</li>
 * </ul>
 * The server pools, validates and enlists the connections this class makes; it only makes them.
 */
public class ConfiguredDataSource implements DataSource {
    private static final Logger LOG = Logger.getLogger(ConfiguredDataSource.class.getName());

    private volatile DataSource target;
    private PrintWriter logWriter;
    private String databaseName;
    private int loginTimeout;

    /** For the server, which creates it by class name. */
    public ConfiguredDataSource() {
    }

    /**
     * A new physical connection for the server's pool, made with the application's class loader as the thread's
     * context class loader: the server may ask on one of its own threads (GlassFish: the deployment's; Payara
     * Micro: while it creates the pool), where MicroProfile Config's service lookup finds no implementation, and
     * a server datasource deployed on first use cannot be published or load its validation class.
     */
    @Override
    public Connection getConnection() throws SQLException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ConfiguredDataSource.class.getClassLoader());
        try {
            return target().getConnection();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The credentials are configuration ({@code inbox.datasource.user}, {@code password}), not the server's. */
    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
    }

    private DataSource target() throws SQLException {
        DataSource found = target;
        if (found == null) {
            synchronized (this) {
                found = target;
                if (found == null) {
                    found = create(applicationConfig());
                    target = found;
                }
            }
        }
        return found;
    }

    /**
     * The application's MicroProfile Config; where the server's is not ready for the application yet (GlassFish,
     * during the first deployment), the same keys as {@link EarlyConfig} reads them.
     */
    private static Function<String, Optional<String>> applicationConfig() {
        ClassLoader application = ConfiguredDataSource.class.getClassLoader();
        try {
            Config config = ConfigProvider.getConfig(application);
            return key -> config.getOptionalValue(key, String.class);
        } catch (IllegalStateException noConfigYet) {
            LOG.info("MicroProfile Config is not ready yet: the datasource keys are read from system properties,"
                    + " the environment and the WAR's defaults");
            return new EarlyConfig(application)::value;
        }
    }

    private static DataSource create(Function<String, Optional<String>> config) throws SQLException {
        Optional<String> jndiName = config.apply("inbox.datasource.jndi-name")
                .filter(name -> !name.isBlank() && !name.equals(InboxDataSource.NAME)); // the old default: this pool
        if (jndiName.isPresent()) {
            try {
                DataSource server = (DataSource) new InitialContext().lookup(jndiName.get());
                LOG.info(() -> "Database: the server's datasource " + jndiName.get());
                return server;
            } catch (NamingException | ClassCastException e) {
                throw new SQLException("inbox.datasource.jndi-name names no datasource of this server: " + jndiName.get(), e);
            }
        }
        String className = required(config, "inbox.datasource.class-name");
        String url = required(config, "inbox.datasource.url");
        try {
            DataSource dataSource = (DataSource) Class.forName(className, true, ConfiguredDataSource.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
            set(dataSource, url, "setURL", "setUrl");
            config.apply("inbox.datasource.user").ifPresent(user -> set(dataSource, user, "setUser"));
            config.apply("inbox.datasource.password")
                    .ifPresent(password -> set(dataSource, password, "setPassword"));
            LOG.info(() -> "Database: " + className + " at " + withoutParameters(url));
            return dataSource;
        } catch (ReflectiveOperationException | ClassCastException | IllegalArgumentException e) {
            throw new SQLException("inbox.datasource.class-name " + className + " is not a usable javax.sql.DataSource", e);
        }
    }

    private static String required(Function<String, Optional<String>> config, String key) throws SQLException {
        return config.apply(key).orElseThrow(() -> new SQLException(key + " is not set"));
    }

    /** Sets a JavaBeans property of a driver's DataSource, by the first of the setter names it has. */
    private static void set(DataSource dataSource, String value, String... setters) {
        for (String setter : setters) {
            try {
                Method method = dataSource.getClass().getMethod(setter, String.class);
                method.invoke(dataSource, value);
                return;
            } catch (NoSuchMethodException e) {
                // try the next spelling
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException(setter + " failed on " + dataSource.getClass().getName(), e);
            }
        }
        throw new IllegalArgumentException(dataSource.getClass().getName() + " has none of " + String.join(", ", setters));
    }

    /** The URL for the log: H2 and PostgreSQL URLs may carry settings (and passwords) after ';' or '?'. */
    static String withoutParameters(String url) {
        int end = url.length();
        for (char c : new char[] {';', '?'}) {
            int at = url.indexOf(c);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return url.substring(0, end);
    }

    /**
     * The standard {@code databaseName} of the definition, which WildFly requires a datasource class to have
     * (at least one property); informational only: the database is configuration.
     */
    public void setDatabaseName(String name) {
        this.databaseName = name;
    }

    public String getDatabaseName() {
        return databaseName;
    }

    /** Set by Open Liberty to its default for every definition ({@code localhost}); ignored likewise. */
    public void setServerName(String name) {
        // the server is configuration (inbox.datasource.url), not the definition's
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return LOG;
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return target().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || target().isWrapperFor(type);
    }
}
