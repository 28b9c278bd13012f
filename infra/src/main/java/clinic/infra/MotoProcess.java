package clinic.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * moto, started through the project's serialized launcher ({@code infra/moto/serialized_moto.py},
 * which says why) on a free loopback port, and stopped with the JVM that started it.
 */
public final class MotoProcess implements AutoCloseable {
    private final Process process;
    private final URI endpoint;

    private MotoProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Whether python3 with moto is on this machine. */
    public static boolean available() {
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import moto, werkzeug")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static MotoProcess start() throws IOException {
        return start("127.0.0.1", List.of());
    }

    /** Listening on {@code host}; the endpoint stays the loopback address when that is all addresses. */
    public static MotoProcess start(String host) throws IOException {
        return start(host, List.of());
    }

    /**
     * moto as shipped, without the launcher's DynamoDB scale patch: only for the test that checks
     * the patched emulator answers exactly as this one does.
     */
    public static MotoProcess startUnpatched() throws IOException {
        return start("127.0.0.1", List.of("--unpatched"));
    }

    private static MotoProcess start(String host, List<String> flags) throws IOException {
        Path launcher = Repo.root().resolve("infra/moto/serialized_moto.py");
        List<String> command = new ArrayList<>(List.of("python3", launcher.toString(), host, "0"));
        command.addAll(flags);
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("MOTO_PORT ")) {
            process.destroyForcibly();
            throw new IOException("moto did not start (first line: " + line + ")");
        }
        int port = Integer.parseInt(line.substring("MOTO_PORT ".length()).strip());
        // Keep draining stdout so the emulator never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "moto-stdout");
        drain.setDaemon(true);
        drain.start();
        return new MotoProcess(process, URI.create("http://" + (host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host) + ":" + port));
    }

    public URI endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
