package io.inbox.persistence;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
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
    private int loginTimeout;

    /** For the server, which creates it by class name. */
    public ConfiguredDataSource() {
    }

    @Override
    public Connection getConnection() throws SQLException {
        return target().getConnection();
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
                    found = create(ConfigProvider.getConfig(ConfiguredDataSource.class.getClassLoader()));
                    target = found;
                }
            }
        }
        return found;
    }

    private static DataSource create(Config config) throws SQLException {
        Optional<String> jndiName = config.getOptionalValue("inbox.datasource.jndi-name", String.class)
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
        String className = config.getValue("inbox.datasource.class-name", String.class);
        String url = config.getValue("inbox.datasource.url", String.class);
        try {
            DataSource dataSource = (DataSource) Class.forName(className, true, ConfiguredDataSource.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
            set(dataSource, url, "setURL", "setUrl");
            config.getOptionalValue("inbox.datasource.user", String.class).ifPresent(user -> set(dataSource, user, "setUser"));
            config.getOptionalValue("inbox.datasource.password", String.class)
                    .ifPresent(password -> set(dataSource, password, "setPassword"));
            LOG.info(() -> "Database: " + className + " at " + withoutParameters(url));
            return dataSource;
        } catch (ReflectiveOperationException | ClassCastException | IllegalArgumentException e) {
            throw new SQLException("inbox.datasource.class-name " + className + " is not a usable javax.sql.DataSource", e);
        }
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
