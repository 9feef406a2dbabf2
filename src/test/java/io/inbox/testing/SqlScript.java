package io.inbox.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

/** Runs one of the project's SQL scripts statement by statement (the scripts keep ';' out of literals). */
public final class SqlScript {
    private SqlScript() {
    }

    public static void run(Connection connection, Path script) throws IOException, SQLException {
        String sql = Files.readAllLines(script).stream()
                .filter(line -> !line.trim().startsWith("--") && !line.trim().startsWith("\\"))
                .collect(Collectors.joining("\n"));
        try (Statement statement = connection.createStatement()) {
            for (String part : sql.split(";\\s*(\\n|$)")) {
                if (!part.isBlank()) {
                    statement.execute(part);
                }
            }
        }
    }
}
