package io.inbox.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the browser test of the console ({@code src/test/e2e/console.e2e.mjs}: Debian's Chromium driven by
 * playwright-core, both set up by {@code src/test/e2e/prepare.sh} before the integration tests).
 */
public final class BrowserTest {
    private static final Path DIRECTORY = Path.of("src/test/e2e");

    /** What the script printed and how it ended. */
    public record Outcome(int exitCode, String output) {
    }

    private BrowserTest() {
    }

    public static Outcome run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "console.e2e.mjs"));
        command.addAll(List.of(arguments));
        Process node = new ProcessBuilder(command).directory(DIRECTORY.toFile()).redirectErrorStream(true).start();
        byte[] output = node.getInputStream().readAllBytes();
        if (!node.waitFor(180, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            return new Outcome(-1, new String(output, StandardCharsets.UTF_8) + "\n(timed out)");
        }
        return new Outcome(node.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
