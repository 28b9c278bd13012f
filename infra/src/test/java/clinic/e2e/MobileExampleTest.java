package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import clinic.infra.LocalApi;
import clinic.infra.Repo;
import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.TestStack;
import clinic.support.Users.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * examples/mobile, the official Cognito client in Node, run as written against this class's
 * stack: it signs up, signs in with USER_PASSWORD_AUTH on the emulator's user pool, books the
 * doctor's open slot, refreshes its session and cancels with the refreshed tokens. And the
 * local API a phone must reach: bound to every address on request, to loopback otherwise.
 */
class MobileExampleTest extends EndToEndTest {
    private static final Path EXAMPLE = Repo.root().resolve("examples/mobile");

    private record Run(int exitCode, String output) {}

    @Test
    void theMobileExampleSignsInBooksRefreshesAndCancels() throws Exception {
        if (nodeVersion() == null) {
            String reason = "node is not on the PATH: examples/mobile not run (install Node.js 20 or newer)";
            System.out.println("[mobile] SKIPPED: " + reason);  // in the build log too, not only in the report
            assumeTrue(false, reason);
        }
        installDependencies();
        User doctor = users.doctor("Mobile Doctor");
        String day = freshDay();
        declare(doctor, day, 3);

        Run run = run(List.of("node", "sign-in-and-book.mjs"), Map.of(
                "CLINIC_API_URL", server.url(),
                "USER_POOL_ID", stack.config().userPoolId(),
                "USER_POOL_CLIENT_ID", stack.config().userPoolClientId(),
                "COGNITO_ENDPOINT", TestStack.emulator().endpoint() + "/",
                "SLOT_DATE", day), 120);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("signed in with USER_PASSWORD_AUTH", "refreshed the session", "OK");
        // What it did is in the table: one appointment on that slot, cancelled, and the slot open again.
        var appointments = api.get("/api/appointments/?status=cancelled&from=" + day + "&to=" + day, doctor.token()).array();
        assertThat(appointments).singleElement().satisfies(a -> {
            assertThat(a.get("time_slot")).isEqualTo(3);
            assertThat(a.get("patient_name")).isEqualTo("Mobile Example");
        });
        assertThat(openSlots("date=" + day, doctor)).singleElement().extracting(a -> a.get("time_slot")).isEqualTo(3);
        assertAuditClean();
    }

    @Test
    void theLocalApiListensOnLoopbackOnlyUnlessBoundToEveryAddressForAPhone() throws IOException {
        Optional<String> lan = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(network -> Collections.list(network.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .map(InetAddress::getHostAddress).findFirst();
        if (lan.isEmpty()) {
            System.out.println("[mobile] SKIPPED: this machine has no non-loopback IPv4 address to reach the API by");
            assumeTrue(false, "no non-loopback IPv4 address on this machine");
        }
        assertThatThrownBy(() -> new Api("http://" + lan.get() + ":" + server.port()).get("/api/timeslots/", null))
                .as("the default binding is 127.0.0.1 only").isInstanceOf(UncheckedIOException.class);
        try (LocalApi everywhere = LocalApi.start(stack.app(), "0.0.0.0", 0, line -> { })) {
            var reply = new Api("http://" + lan.get() + ":" + everywhere.port()).get("/api/timeslots/", null);
            assertThat(reply.status()).isEqualTo(401);
        }
    }

    private static String nodeVersion() throws InterruptedException {
        try {
            Run version = run(List.of("node", "--version"), Map.of(), 30);
            return version.exitCode() == 0 ? version.output().strip() : null;
        } catch (IOException notFound) {
            return null;
        }
    }

    /** {@code npm ci} from the committed lock file, once per clone (node_modules is not committed). */
    private static void installDependencies() throws IOException, InterruptedException {
        if (Files.isDirectory(EXAMPLE.resolve("node_modules/amazon-cognito-identity-js"))) {
            return;
        }
        System.out.println("[mobile] npm ci in examples/mobile");
        Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
        assertThat(install.exitCode()).as("npm ci in examples/mobile:%n%s", install.output()).isZero();
    }

    private static Run run(List<String> command, Map<String, String> env, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("mobile-example", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(EXAMPLE.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            output.lines().forEach(line -> System.out.println("[mobile] " + line));
            return new Run(process.exitValue(), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
