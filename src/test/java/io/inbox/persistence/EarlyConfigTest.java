package io.inbox.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EarlyConfigTest {
    private static Properties defaults(String... keysAndValues) {
        Properties p = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }

    @Test
    void readsTheWarsDefaultsWithTheirExpressions() {
        EarlyConfig config = new EarlyConfig(
                defaults("inbox.data.dir", "./data", "inbox.datasource.url", "jdbc:h2:file:${inbox.data.dir}/inbox;X=1"),
                key -> null, key -> null);
        assertEquals(Optional.of("jdbc:h2:file:./data/inbox;X=1"), config.value("inbox.datasource.url"));
    }

    @Test
    void environmentVariablesOverrideDefaultsUnderMicroProfileNames() {
        Map<String, String> env = Map.of("INBOX_DATA_DIR", "/var/lib/inbox", "inbox_datasource_user", "alice");
        EarlyConfig config = new EarlyConfig(defaults("inbox.data.dir", "./data", "inbox.datasource.user", "inbox",
                "inbox.datasource.url", "jdbc:h2:file:${inbox.data.dir}/inbox"), key -> null, env::get);
        assertEquals(Optional.of("jdbc:h2:file:/var/lib/inbox/inbox"), config.value("inbox.datasource.url"));
        assertEquals(Optional.of("alice"), config.value("inbox.datasource.user"));
    }

    @Test
    void systemPropertiesOverrideTheEnvironment() {
        EarlyConfig config = new EarlyConfig(defaults(), Map.of("inbox.datasource.jndi-name", "jdbc/a")::get,
                Map.of("INBOX_DATASOURCE_JNDI_NAME", "jdbc/b")::get);
        assertEquals(Optional.of("jdbc/a"), config.value("inbox.datasource.jndi-name"));
    }

    @Test
    void anEmptyValueIsUnset() {
        EarlyConfig config = new EarlyConfig(defaults("inbox.datasource.jndi-name", ""), key -> null, key -> null);
        assertEquals(Optional.empty(), config.value("inbox.datasource.jndi-name"));
    }

    @Test
    void anExpressionTakesItsDefaultOrFails() {
        EarlyConfig config = new EarlyConfig(defaults("a", "${missing:x}-${b}", "b", "y", "c", "${missing}"),
                key -> null, key -> null);
        assertEquals(Optional.of("x-y"), config.value("a"));
        assertThrows(NoSuchElementException.class, () -> config.value("c"));
    }

    @Test
    void theWarsOwnDefaultsNameTheEmbeddedH2() {
        EarlyConfig config = new EarlyConfig(EarlyConfig.defaults(getClass().getClassLoader()), key -> null, key -> null);
        assertEquals(Optional.of("org.h2.jdbcx.JdbcDataSource"), config.value("inbox.datasource.class-name"));
        assertEquals(Optional.of("jdbc:h2:file:./data/inbox;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"),
                config.value("inbox.datasource.url"));
    }
}
