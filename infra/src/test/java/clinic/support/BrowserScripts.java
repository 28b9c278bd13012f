package clinic.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import clinic.infra.Repo;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The browser tests' scripts (tools/browser/*.mjs: playwright-core driving Debian's Chromium), run
 * with node. Without node or Chromium a test is skipped with the reason printed, except in CI
 * ({@code CI} set, as .ci/run sets it), where that is a failure: CI must not pass untested.
 */
public final class BrowserScripts {
    public static final Path TOOLS = Repo.root().resolve("tools/browser");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    public record Run(int exitCode, String output) {}

    private BrowserScripts() {}

    /** Skips (printing why) or, in CI, fails when the browser tests cannot run here; installs playwright-core once. */
    public static void requireBrowser() throws IOException, InterruptedException {
        String missing = null;
        if (!canRun(List.of("node", "--version"))) {
            missing = "node is not on the PATH (install Node.js 20 or newer)";
        } else if (!Files.isExecutable(CHROMIUM)) {
            missing = CHROMIUM + " is missing (apt-get install -y chromium)";
        }
        if (missing != null) {
            assertThat(System.getenv("CI")).as("CI runs the browser tests, but " + missing).isNull();
            System.out.println("[browser] SKIPPED: " + missing);
            assumeTrue(false, missing);
        }
        if (!Files.isDirectory(TOOLS.resolve("node_modules/playwright-core"))) {
            System.out.println("[browser] npm ci in tools/browser");
            Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), TOOLS, Map.of(), 300);
            assertThat(install.exitCode()).as("npm ci in tools/browser:%n%s", install.output()).isZero();
        }
    }

    /** {@code node tools/browser/<script>} with these variables; its output is echoed into the build log. */
    public static Run node(String script, Map<String, String> env) throws IOException, InterruptedException {
        return run(List.of("node", script), TOOLS, env, 180);
    }

    /** A port nothing listens on now, for a page a script serves. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean canRun(List<String> command) throws InterruptedException {
        try {
            return run(command, TOOLS, Map.of(), 30).exitCode() == 0;
        } catch (IOException notFound) {
            return false;
        }
    }

    public static Run run(List<String> command, Path directory, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("browser-script", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            output.lines().forEach(line -> System.out.println("[browser] " + line));
            return new Run(process.exitValue(), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
