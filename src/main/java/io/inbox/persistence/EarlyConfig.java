package io.inbox.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The datasource keys, read the way MicroProfile Config reads them (system properties, then environment
 * variables with its name mapping, then the WAR's {@code META-INF/microprofile-config.properties}, with
 * {@code ${key}} expressions), for the one moment when the server's MicroProfile Config cannot be asked yet:
 * GlassFish opens the persistence unit's first connection while it deploys the application, before its
 * MicroProfile Config knows the application. Other config sources of the server are not seen then.
 */
final class EarlyConfig {
    private static final String DEFAULTS = "META-INF/microprofile-config.properties";
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    private final Properties defaults;
    private final UnaryOperator<String> systemProperties;
    private final UnaryOperator<String> environment;

    /** The JVM's system properties and environment, and the defaults of the application's class loader. */
    EarlyConfig(ClassLoader loader) {
        this(defaults(loader), System::getProperty, System::getenv);
    }

    EarlyConfig(Properties defaults, UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
        this.defaults = defaults;
        this.systemProperties = systemProperties;
        this.environment = environment;
    }

    /** The WAR's {@code META-INF/microprofile-config.properties}. */
    static Properties defaults(ClassLoader loader) {
        Properties defaults = new Properties();
        try (InputStream in = loader.getResourceAsStream(DEFAULTS)) {
            if (in != null) {
                defaults.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULTS, e);
        }
        return defaults;
    }

    Optional<String> value(String key) {
        String raw = systemProperties.apply(key);
        if (raw == null) {
            raw = environment(key);
        }
        if (raw == null) {
            raw = defaults.getProperty(key);
        }
        return raw == null || raw.isEmpty() ? Optional.empty() : Optional.of(expand(raw, 0));
    }

    /** The environment variable of a key as MicroProfile Config maps it: exact, non-alphanumerics as '_', upper case. */
    private String environment(String key) {
        String value = environment.apply(key);
        String sanitized = key.replaceAll("[^A-Za-z0-9]", "_");
        if (value == null) {
            value = environment.apply(sanitized);
        }
        return value != null ? value : environment.apply(sanitized.toUpperCase(Locale.ROOT));
    }

    private String expand(String value, int depth) {
        if (depth > 8) {
            throw new IllegalArgumentException("config expressions nested too deep: " + value);
        }
        Matcher m = EXPRESSION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = value(m.group(1)).orElse(m.group(2));
            if (replacement == null) {
                throw new NoSuchElementException("config expression names an unset key: " + m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(expand(replacement, depth + 1)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
